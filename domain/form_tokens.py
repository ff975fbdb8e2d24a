"""A change done once per form, whatever the number of posts (an idempotency key, as Stripe's).

A form that makes something the person must see once (a one-time password) carries a random
256-bit token (web.idempotency). The change spends it in its own transaction: a row keyed by the
token's SHA-256 and the actor's account (SpentFormToken). A second post of the same form (a double
click, a reload) does not change anything again: it answers the first answer, so whichever answer
the browser shows is right. Two posts at the same instant queue on the row (SQLite's write lock,
taken at BEGIN IMMEDIATE; PostgreSQL's unique index, which makes the second INSERT wait for the
first transaction), and the second then reads what the first stored.

The first answer is kept sealed (AES-GCM) with a key derived from the token (HKDF-SHA256), which
the server does not keep: only the browser holding the form can open it; a copy of the database
cannot. It is dropped after ANSWER_KEPT, the row itself after TOKEN_LIFETIME (when the token is
refused anyway, web.idempotency).
"""

import base64
import hashlib
import json
import os
from datetime import timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask_babel import lazy_gettext as _l

from db.base import database
from db.clock import utcnow
from db.form_tokens import SpentFormToken
from domain.refusals import Refused

# a double click or a reload comes within seconds; the one-time password must not linger
ANSWER_KEPT = timedelta(minutes=10)
# a form older than this is refused (web.idempotency): its row can go
TOKEN_LIFETIME = timedelta(hours=12)
FIELD = "form_token"
SENT_ALREADY = _l("This form was sent already, and what it did is no longer shown. Nothing was done "
                  "again. Open the page again if something is still needed.")


class SentAlready(Refused):
    """The token was spent, and its answer is gone (or it was spent on something else)."""

    status = 409

    def __init__(self):
        super().__init__(SENT_ALREADY)


def token_key(token):
    """The stored key of a form token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def once(actor, token, purpose, act, *, keep, again):
    """`act()` once for `token`: the first call runs it and keeps `keep(result)` (a JSON value);
    a later call with the same token returns `again(kept)` and changes nothing.

    `purpose` names what the token does (with its subject): a token spent on one thing does not
    do another. Without a token (the command line, a test) or a person acting, `act()` just runs.
    """
    if not token or actor.account is None:
        return act()
    key = token_key(token)
    with database.atomic():  # its own transaction: what is forgotten stays forgotten
        _forget_old()
    with database.atomic():
        claimed = (SpentFormToken.insert(account=actor.account, key=key, purpose=purpose, answer="",
                                         spent_at=utcnow())
                   .on_conflict_ignore().as_rowcount().execute())
        if not claimed:
            return again(_answer_of(SpentFormToken.of(actor.account, key), token, purpose))
        result = act()
        (SpentFormToken.update(answer=_seal(token, key, purpose, keep(result)))
         .where((SpentFormToken.account == actor.account) & (SpentFormToken.key == key)).execute())
    return result


def is_spent(actor, token):
    """True when `actor` spent `token` already (the form was posted before and did its change)."""
    return bool(token) and actor.account is not None and \
        SpentFormToken.of(actor.account, token_key(token)) is not None


def _answer_of(row, token, purpose):
    if row is None or row.purpose != purpose or not row.answer:
        raise SentAlready()
    sealed = base64.b64decode(row.answer)
    try:
        plain = AESGCM(_key(token)).decrypt(sealed[:12], sealed[12:], _context(row.key, purpose))
    except InvalidTag:
        raise SentAlready() from None
    return json.loads(plain)


def _seal(token, key, purpose, kept):
    nonce = os.urandom(12)
    sealed = AESGCM(_key(token)).encrypt(nonce, json.dumps(kept).encode(), _context(key, purpose))
    return base64.b64encode(nonce + sealed).decode("ascii")


def _key(token):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"stts.form-token.answer").derive(token.encode("utf-8", "replace"))


def _context(key, purpose):
    # the sealed answer belongs to this row and this purpose only
    return f"{key}:{purpose}".encode()


def _forget_old():
    """Drop the answers older than ANSWER_KEPT and the rows older than TOKEN_LIFETIME."""
    now = utcnow()
    SpentFormToken.update(answer="").where(
        (SpentFormToken.spent_at < now - ANSWER_KEPT) & (SpentFormToken.answer != "")).execute()
    SpentFormToken.delete().where(SpentFormToken.spent_at < now - TOKEN_LIFETIME).execute()
