"""The web side of the second factor: the sign-in waiting for its code, the secret being set up,
and the hook that sends an account past its grace period to set one up.

Between the password and the code the session holds only the account's id and when the password
was right (signed, 5 minutes); nobody is signed in until the code is right. A secret being set up
travels encrypted in the session until a first code confirms it, so showing the page writes nothing.
"""

from functools import wraps

from flask import flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from db import clock
from db.accounts import Account
from domain import formats, second_factor
from web import handover

PENDING_KEY = "second_factor_pending"
SETUP_KEY = "second_factor_setup"
PENDING_SECONDS = 5 * 60
SIGN_IN_AGAIN = _l("Sign in again with your username and password; then enter the code of your app.")
SET_UP_BEFORE = _l("Your account must have a second factor. Set it up before %(date)s.")
SET_UP_NOW = _l("Your account must have a second factor before you go on. Set it up now.")

# the only pages an account past its grace period may open
OPEN_WHILE_SETTING_UP = {"second_factor.manage", "second_factor.recovery_codes", "auth.logout",
                         "auth.language", "account.password", "static"}


def ask_for_code(account, next_url=None):
    """The password was right: remember who waits for the code step, and ask for the code."""
    session.clear()
    session[PENDING_KEY] = {"account": account.id, "at": clock.timestamp(), "next": next_url or ""}
    return redirect(url_for("second_factor.code"), code=303)


def pending_account():
    """The account whose password was right in the last 5 minutes, waiting for its code; or None."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or clock.timestamp() - int(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    account = Account.get_or_none(Account.id == pending.get("account"))
    if account is None or account.blocked:
        return None
    return account


def pending_next():
    pending = session.get(PENDING_KEY) or {}
    return pending.get("next") or None


def pending_required(view):
    """The view needs a sign-in waiting for its code (passed as `account`); else back to the login."""

    @wraps(view)
    def guarded(*args, **kwargs):
        account = pending_account()
        if account is None:
            session.pop(PENDING_KEY, None)
            flash(str(SIGN_IN_AGAIN), "info")
            return redirect(url_for("auth.login"))
        return view(*args, account=account, **kwargs)

    return guarded


def secret_being_set_up():
    """The secret shown on the setup page until a first code confirms it (new when there is none)."""
    token = session.get(SETUP_KEY)
    secret = second_factor.decrypt(token) if token else None
    if secret is None:
        secret = second_factor.new_secret()
        session[SETUP_KEY] = second_factor.encrypt(secret)
    return secret


def forget_setup():
    session.pop(SETUP_KEY, None)


def keep_recovery_codes(account, codes):
    """Hand the recovery codes to the page that shows them once (encrypted in the session)."""
    handover.keep(account, " ".join(codes))


def take_recovery_codes(account):
    kept = handover.take(account)
    return kept.split() if kept else None


def remind_of_deadline(account):
    """After sign-in: when the account must still set a second factor up, say by when."""
    deadline = second_factor.setup_deadline(account)
    if deadline is not None and deadline > clock.utcnow():
        flash(str(SET_UP_BEFORE) % {"date": formats.moment(deadline)}, "warning")


def require_second_factor():
    """before_request hook: an account that must have a second factor and whose grace period is over
    opens only the page that sets it up."""
    if (request.endpoint in OPEN_WHILE_SETTING_UP or request.endpoint is None
            or not current_user.is_authenticated):
        return None
    if "must_set_up" not in g:
        g.must_set_up = second_factor.must_set_up_now(current_user)
    if g.must_set_up:
        flash(str(SET_UP_NOW), "warning")
        return redirect(url_for("second_factor.manage"))
    return None
