"""Handing a one-time password from the POST that made it to the page that shows it, once
(a new user's first password, a reset, an access request's provisional password).

It travels in the session, encrypted (the session cookie is signed, not secret), never in a URL,
and is never stored on the server; the page that shows it takes it out of the session.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session

from db import clock

SESSION_KEY = "one_time_password"
# long enough to read it out over the phone, short enough not to linger in a cookie
LIFETIME_SECONDS = 15 * 60


def keep(record, password):
    """Hold `password`, made for `record` (an account, a provisional credential), until `take`."""
    token = _fernet().encrypt_at_time(password.encode(), clock.timestamp()).decode()
    session[SESSION_KEY] = {"record": _key(record), "token": token}


def take(record):
    """The password kept for `record`, once; None if there is none (shown already, or too old)."""
    kept = session.get(SESSION_KEY)
    if not kept or kept.get("record") != _key(record):
        return None
    del session[SESSION_KEY]
    try:
        return _fernet().decrypt_at_time(kept["token"].encode(), LIFETIME_SECONDS, clock.timestamp()).decode()
    except InvalidToken:
        return None


def _key(record):
    return f"{record._meta.table_name}:{record.id}"


def _fernet():
    # a key of its own, derived from the app's secret key
    digest = hashlib.sha256(b"stts.one-time-password:" + current_app.secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))
