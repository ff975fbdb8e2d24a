"""The one-time form tokens spent by a change (a double submission answers the first answer).

A row is keyed by the SHA-256 of the token, scoped to the account that posted it; it keeps the
first answer sealed with a key derived from the token itself (domain.form_tokens), so a copy of
the table reads nothing. The answer is dropped after a few minutes, the row when the token could
not be posted any more.
"""

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow


class SpentFormToken(BaseModel):
    """A form token spent by `account`: what it did (`purpose`) and its answer, sealed."""

    account = ForeignKeyField(Account, backref="+", on_delete="CASCADE")
    # SHA-256 of the token, in hex
    key = CharField(max_length=64)
    # what the token was spent on, e.g. "user.password_reset:42": the same token never does another thing
    purpose = CharField(max_length=100)
    # AES-GCM of the first answer (base64 of nonce + ciphertext); '' once dropped
    answer = TextField(default="")
    spent_at = DateTimeField(default=utcnow, index=True)

    class Meta:
        table_name = "spent_form_token"
        indexes = ((("account", "key"), True),)

    @classmethod
    def of(cls, account, key):
        """The row of `account`'s token `key`, or None."""
        return cls.get_or_none((cls.account == account) & (cls.key == key))
