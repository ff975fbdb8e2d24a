"""Handing a one-time password from the POST that made it to the page that shows it, once.

It travels in the session, encrypted (the session cookie is signed, not secret), never in a URL,
and is never stored on the server; the page that shows it takes it out of the session.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session

SESSION_KEY = "one_time_password"
# long enough to read it out over the phone, short enough not to linger in a cookie
LIFETIME_SECONDS = 15 * 60


def keep(account, password):
    """Hold `password` for `account` until the next `take`."""
    token = _fernet().encrypt(password.encode()).decode()
    session[SESSION_KEY] = {"account": account.id, "token": token}


def take(account):
    """The password kept for `account`, once; None if there is none (shown already, or too old)."""
    kept = session.get(SESSION_KEY)
    if not kept or kept.get("account") != account.id:
        return None
    del session[SESSION_KEY]
    try:
        return _fernet().decrypt(kept["token"].encode(), ttl=LIFETIME_SECONDS).decode()
    except InvalidToken:
        return None


def _fernet():
    # a key of its own, derived from the app's secret key
    digest = hashlib.sha256(b"stts.users.one-time-password:" + current_app.secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))
