"""Inactivity: the nightly job blocks users not used for `INACTIVE_DAYS` (STTS_INACTIVE_DAYS, 180 by
default) with the reason 'inactief', and cleans up expired provisional credentials and invitations.

Only users are blocked: a local admin or an officer blocked by the job would have nobody to unblock
them. A user counts as used at their last sign-in (or their creation, when they never signed in)
and at the last change of their account, so a user the local admin unblocks is not blocked again by
the next night's run. Unblocking works as today ('Deblokkeren gebruiker').
"""

from dataclasses import dataclass
from datetime import timedelta

from db.access_requests import ProvisionalCredential
from db.accounts import Account, BlockReason
from db.base import database
from db.clock import utcnow
from domain import audit, invitations
from domain.sessions import EndReason, end_sessions

INACTIVE_DAYS = 180


@dataclass(frozen=True)
class Cleaned:
    blocked: int
    credentials: int
    invitations: int


def block_inactive(actor, days=INACTIVE_DAYS, now=None):
    """Block every user not used for `days` days (audited, by `actor`, the nightly job); delete
    expired, unused provisional credentials and invitations. Returns what was done."""
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    blocked = 0
    for account in Account.unused_since(cutoff):
        with database.atomic():
            changed = Account.update(blocked=True, block_reason=BlockReason.INACTIVE,
                                     version=Account.version + 1, updated_at=now).where(
                (Account.id == account.id) & (Account.blocked == False)).execute()  # noqa: E712
            if not changed:
                continue
            end_sessions(account, EndReason.BLOCKED)
            audit.record(actor, "user.blocked_inactive", subject=account, changes={
                "blocked": [False, True], "reason": BlockReason.INACTIVE,
                "last_used": account.last_login_at or account.created_at, "days": days})
            blocked += 1
    credentials = ProvisionalCredential.delete().where(
        (ProvisionalCredential.expires_at <= now) & ProvisionalCredential.used_at.is_null()).execute()
    return Cleaned(blocked, credentials, invitations.purge_expired(now))


def inactive_users(enterprise):
    """The enterprise's users blocked for inactivity (the welcome page tells the local admin)."""
    return Account.blocked_as_inactive(enterprise)
