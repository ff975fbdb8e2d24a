"""The second factor (TOTP, RFC 6238) of an account, its recovery codes, and the invitations that
let a person choose their own password."""

from peewee import BigIntegerField, CharField, DateTimeField, ForeignKeyField, TextField

from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow
from db.prepared import Slot, Statement

# the attribute of an account under which the session's look-up puts its second factor
SECOND_FACTOR_READ = "second_factor_read"


class SecondFactor(BaseModel):
    """An account's authenticator app: its secret (encrypted, domain.second_factor), once confirmed.

    A row without a confirmed secret only keeps the end of the grace period in which an account
    that must have a second factor sets it up.
    """

    account = ForeignKeyField(Account, unique=True, backref="+", on_delete="CASCADE")
    # Fernet token of the base32 secret; '' while none is confirmed
    secret = TextField(default="")
    confirmed_at = DateTimeField(null=True)
    # the last TOTP time step accepted: a code is accepted once (no replay within its window)
    last_step = BigIntegerField(default=0)
    grace_until = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "second_factor"

    @classmethod
    def of(cls, account):
        """The account's row, or None."""
        return _OF_ACCOUNT.first(cls, account=account)

    @classmethod
    def read_with_session(cls, account):
        """The account's row (or None) as the session's look-up read it at the start of this
        request (db.sessions), without asking again; asked when the account was read otherwise."""
        return account.joined(SECOND_FACTOR_READ, lambda: cls.of(account))

    @property
    def enabled(self):
        return self.confirmed_at is not None and bool(self.secret)


_OF_ACCOUNT = Statement(lambda: SecondFactor.select().where(
    SecondFactor.account == Slot("account", SecondFactor.account)).limit(1))


class RecoveryCode(BaseModel):
    """One of an account's ten one-time recovery codes: its SHA-256 only."""

    account = ForeignKeyField(Account, backref="+", on_delete="CASCADE")
    code_hash = CharField(max_length=64)
    used_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "recovery_code"
        indexes = ((("account", "code_hash"), True),)

    @classmethod
    def unused_of(cls, account):
        """The account's recovery codes not used yet."""
        return cls.select().where((cls.account == account) & cls.used_at.is_null())


class Invitation(BaseModel):
    """A one-time link e-mailed to a person, where they choose their own password (72 hours)."""

    account = ForeignKeyField(Account, backref="+", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField(index=True)
    used_at = DateTimeField(null=True)

    class Meta:
        table_name = "invitation"

    @classmethod
    def by_token_hash(cls, token_hash):
        return cls.select(cls, Account).join(Account).where(cls.token_hash == token_hash).get_or_none()
