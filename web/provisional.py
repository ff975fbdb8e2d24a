"""The provisional session: signed in with provisional credentials, for 'Maak een lokale beheerder' only.

It is not a signed-in account (there is none yet): the session cookie holds the credentials' id,
and every request checks that they may still be used. Like any session it ends after 30 minutes
without activity.
"""

from functools import wraps

from flask import flash, session
from flask_babel import lazy_gettext as _l

from db import clock
from domain.first_login import usable_credential
from web.access import still_active, to_login_page

SESSION_KEY = "provisional"
SIGN_IN_AGAIN = _l("Sign in with your provisional username and password to make your local administrator.")


def start_provisional_session(credential):
    """A fresh session that knows only these provisional credentials."""
    session.clear()
    session[SESSION_KEY] = {"credential": credential.id, "seen": clock.timestamp()}


def end_provisional_session():
    session.pop(SESSION_KEY, None)


def provisional_credential():
    """The provisional credentials of this session, if they may still be used; else None."""
    state = session.get(SESSION_KEY)
    seen = state.get("seen") if state else None
    if not state or not still_active(state, "seen"):
        return None
    if state["seen"] != seen:
        session.modified = True  # `state` is a dict inside the session: its change must be saved
    return usable_credential(state.get("credential"))


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
