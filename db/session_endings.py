"""What is left of an ended session: its token's key, why it ended and when (a day long).

The next request with the old cookie finds no session (db.sessions) but this row, so the login page
can say why the person has to sign in again ("… because your password was changed"). The row opens
nothing: a session is only ever an AccountSession row, and an ended one is never made again.
"""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from peewee import CharField, DateTimeField

from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet

# how long the reason is kept: after that an old cookie just finds nothing
KEPT = timedelta(days=1)


class EndReason(CodeSet):
    LOGOUT = "logout", _l("You signed out. Sign in again to go on.")
    PASSWORD = "password", _l("Your session was ended because your password was changed. "
                              "Sign in with the new password.")
    OTHER_DEVICES = "other_devices", _l("Your session was ended because you signed out on all other devices.")
    BLOCKED = "blocked", _l("Your session was ended because your account was blocked.")
    ROLE = "role", _l("Your session was ended because your role changed. Sign in again.")
    SECOND_FACTOR = "second_factor", _l("Your session was ended because your second factor was reset.")
    DELETED = "deleted", _l("Your session was ended because your account was deleted.")
    IDLE = "idle", _l("Your session ended after 30 minutes without activity. Please sign in again.")
    LIFETIME = "lifetime", _l("Your session was ended because it was open for 12 hours. Sign in again.")
    ENDED = "ended", _l("Your session was ended. Sign in again.")


class EndedSession(BaseModel):
    """The tombstone of a session: the SHA-256 of its token, the reason, the end."""

    key = CharField(max_length=64, primary_key=True)
    reason = CharField(max_length=20)
    ended_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "ended_session"
        indexes = ((("ended_at",), False),)

    @classmethod
    def reason_of(cls, key):
        """Why the session with this key ended, if it did in the last day; else None."""
        found = cls.get_or_none((cls.key == key) & (cls.ended_at > utcnow() - KEPT))
        return EndReason(found.reason) if found else None
