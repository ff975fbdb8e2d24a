"""The provisional session: signed in with provisional credentials, for 'Maak een lokale beheerder' only.

It is not a signed-in account (there is none yet): the session cookie holds the token of a session
row (domain.sessions) that names the credentials, and every request checks that they may still be
used. Like any session it ends after 30 minutes without activity, and at most 12 hours after sign-in.
"""

from functools import wraps

from flask import flash, request, session
from flask_babel import lazy_gettext as _l

from domain import sessions
from domain.first_login import usable_credential
from web.access import to_login_page

SESSION_KEY = "provisional"
SIGN_IN_AGAIN = _l("Sign in with your provisional username and password to make your local administrator.")


def start_provisional_session(credential):
    """A fresh session that knows only these provisional credentials."""
    session.clear()
    session[SESSION_KEY] = sessions.open_session(
        credential=credential, address=request.remote_addr or "", user_agent=request.user_agent.string)


def end_provisional_session():
    sessions.end_session(session.pop(SESSION_KEY, None))


def provisional_credential():
    """The provisional credentials of this session, if they may still be used; else None."""
    try:
        found = sessions.resume(session.get(SESSION_KEY))
    except sessions.SessionEnded:
        return None
    if found is None or found.credential_id is None:
        return None
    return usable_credential(found.credential_id)


def provisional_required(view):
    """The view needs a provisional session with usable credentials (passed as `credential`)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        credential = provisional_credential()
        if credential is None:
            end_provisional_session()
            flash(str(SIGN_IN_AGAIN), "info")
            return to_login_page(come_back=False)
        return view(*args, credential=credential, **kwargs)

    return guarded
