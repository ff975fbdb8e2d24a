"""Server-side sessions, and the sign-in failures counted per account and client address.

The browser's cookie holds only a random token; the row is found by the token's SHA-256 (a copy of
the table does not let anyone sign in). Every app process reads the same rows.
"""

import hashlib
from datetime import datetime

from peewee import JOIN, CharField, DateTimeField, ForeignKeyField, IntegerField, fn

from db.access_requests import ProvisionalCredential
from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow
from db.enterprises import GENERATION_READ, Enterprise, EnterpriseGeneration
from db.prepared import Slot, Statement
from db.second_factor import SECOND_FACTOR_READ, SecondFactor


def token_key(token):
    """The stored key of a session token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class AccountSession(BaseModel):
    """An open session: of an account, or of provisional credentials (which only make a local admin)."""

    key = CharField(max_length=64, primary_key=True)
    account = ForeignKeyField(Account, null=True, backref="sessions", on_delete="CASCADE")
    credential = ForeignKeyField(ProvisionalCredential, null=True, backref="sessions", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)
    last_seen_at = DateTimeField(default=utcnow)
    # the absolute end (created + 12 hours), whatever the activity
    expires_at = DateTimeField()
    address = CharField(max_length=45, default="")
    user_agent = CharField(max_length=255, default="")

    class Meta:
        table_name = "account_session"
        indexes = (
            # the own-data page's list, and ending an account's sessions
            (("account", "last_seen_at"), False),
        )

    @classmethod
    def by_token(cls, token):
        """The session named by `token`, with its account and the account's enterprise; or None."""
        # every request asks it: its SQL is built once (db.prepared), not by peewee each time
        return _BY_TOKEN.first_joined(cls._meta.database, key=token_key(token))

    @classmethod
    def of_account(cls, account):
        """The account's open sessions, the most recently used first."""
        return (cls.select().where(cls.account == account)
                .order_by(cls.last_seen_at.desc(), cls.created_at.desc(), cls.key))


# the session of a token with its account and enterprise (AccountSession.by_token); and what every
# request of the account asks next, read in the same statement: the account's second factor (or
# None; web.second_factor) and its enterprise's generation (web.answer_cache)
_BY_TOKEN = Statement(lambda: AccountSession.select(AccountSession, Account, Enterprise, EnterpriseGeneration,
                                                    SecondFactor)
                      .join(Account, JOIN.LEFT_OUTER).join(Enterprise, JOIN.LEFT_OUTER)
                      .join(EnterpriseGeneration, JOIN.LEFT_OUTER,
                            on=(EnterpriseGeneration.enterprise == Enterprise.id), attr=GENERATION_READ)
                      .switch(Account)
                      .join(SecondFactor, JOIN.LEFT_OUTER, on=(SecondFactor.account == Account.id),
                            attr=SECOND_FACTOR_READ)
                      .where(AccountSession.key == Slot("key", AccountSession.key)).limit(1))


class SignInFailure(BaseModel):
    """Wrong passwords for one account from one client (an address, or an IPv6 /64 network).

    Five in a row lock that pair only: the account's owner signs in from elsewhere (SECURITY.md).
    """

    account = ForeignKeyField(Account, backref="sign_in_failures", on_delete="CASCADE")
    client = CharField(max_length=45)
    failures = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    # how many locks in a row for this pair: each lasts twice as long as the one before
    lock_count = IntegerField(default=0)
    last_failed_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "sign_in_failure"
        indexes = ((("account", "client"), True),)

    @classmethod
    def of(cls, account, client):
        """The failures of `account` from `client`, or None."""
        return cls.get_or_none((cls.account == account) & (cls.client == client))

    @classmethod
    def locked_for(cls, account, now=None):
        """The clients `account` is locked for now, the lock ending last first."""
        return (cls.select().where((cls.account == account) & (cls.locked_until > (now or utcnow())))
                .order_by(cls.locked_until.desc(), cls.client))

    @classmethod
    def locks_of(cls, accounts, now=None):
        """{account id: (how many clients it is locked for, the last end, the first end)} for
        `accounts` (a page of the user list): one query, whatever the number of accounts."""
        ids = [account.id for account in accounts]
        if not ids:
            return {}
        rows = (cls.select(cls.account, fn.COUNT(cls.id), fn.MAX(cls.locked_until), fn.MIN(cls.locked_until))
                .where(cls.account.in_(ids) & (cls.locked_until > (now or utcnow())))
                .group_by(cls.account).tuples())
        return {account_id: (count, _as_datetime(last), _as_datetime(first))
                for account_id, count, last, first in rows}


def _as_datetime(value):
    # SQLite hands MAX() of a DATETIME column back as its text
    if isinstance(value, str):
        return datetime.fromisoformat(value)
    return value
