"""The provisional session: signed in with provisional credentials, for 'Maak een lokale beheerder' only.

It is not a signed-in account (there is none yet): the session cookie holds the credentials' id,
and every request checks that they may still be used.
"""

import time
from functools import wraps

from flask import flash, session
from flask_babel import lazy_gettext as _l

from domain.auth import Refusal
from domain.first_login import usable_credential
from web.access import IDLE_SECONDS, to_login_page

SESSION_KEY = "provisional"
# told only to whoever typed the right password
PROVISIONAL_REFUSALS = {
    Refusal.USED: _l("These provisional credentials were already used. Sign in with your own username "
                     "and password."),
    Refusal.EXPIRED: _l("These provisional credentials are no longer valid (they expire after 30 days, or "
                        "newer ones were issued). Ask the Social Security back office for new ones, giving "
                        "your ticket number."),
}
SIGN_IN_AGAIN = _l("Sign in with your provisional username and password to make your local administrator.")


def start_provisional_session(credential):
    """A fresh session that knows only these provisional credentials."""
    session.clear()
    session[SESSION_KEY] = {"credential": credential.id, "since": int(time.time())}


def end_provisional_session():
    session.pop(SESSION_KEY, None)


def provisional_credential():
    """The provisional credentials of this session, if they may still be used; else None."""
    state = session.get(SESSION_KEY)
    if not state or time.time() - state.get("since", 0) > IDLE_SECONDS:
        return None
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
