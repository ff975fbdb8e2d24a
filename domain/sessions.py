"""Sessions kept in the database: opened at sign-in, ended by logout, by the idle and absolute
limits, and by whatever changes who the account is (blocked, deleted, new password, new role).

The browser holds a random 256-bit token and nothing else about the account; the database keeps
its SHA-256 (db.sessions). Every app process sees the same sessions. An ended session leaves a
tombstone for a day (db.session_endings): its key and why it ended, so the next request with the
old cookie is told why (SessionEnded.reason); the tombstone opens nothing.
"""

import secrets
from datetime import timedelta

from db.base import database
from db.clock import utcnow
from db.session_endings import KEPT, EndedSession, EndReason
from db.sessions import AccountSession, token_key
from domain import audit

__all__ = ["EndReason", "SessionEnded", "end_other_sessions", "end_session", "end_sessions", "open_session",
           "open_sessions", "purge_ended_sessions", "resume"]

IDLE = timedelta(minutes=30)
LIFETIME = timedelta(hours=12)
# last seen is written at most once a minute: a page's requests do not each write a row
SEEN_RESOLUTION = timedelta(minutes=1)
USER_AGENT_LENGTH = 255


class SessionEnded(Exception):
    """The token named a session that ended (ran out, signed out, ended by a change of the account):
    `reason` (EndReason) says why; its row is gone."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def open_session(*, account=None, credential=None, address="", user_agent=""):
    """A new session of `account` (or of provisional `credential`); returns its token, shown once."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    # the rows of sessions that ran out go now: the table holds open sessions only, more or less
    purge_ended_sessions()
    AccountSession.create(key=token_key(token), account=account, credential=credential, created_at=now,
                          last_seen_at=now, expires_at=now + LIFETIME, address=(address or "")[:45],
                          user_agent=(user_agent or "")[:USER_AGENT_LENGTH])
    return token


def resume(token):
    """The session named by `token` (its account and enterprise joined), its last use brought up to
    date; None when there is none; SessionEnded (and the row deleted) when it ran out."""
    if not token or not isinstance(token, str) or len(token) > 100:
        return None
    session = AccountSession.by_token(token)
    if session is None:
        reason = EndedSession.reason_of(token_key(token))
        if reason is not None:
            raise SessionEnded(reason)
        return None
    now = utcnow()
    if now - session.last_seen_at > IDLE or now >= session.expires_at:
        reason = EndReason.LIFETIME if now >= session.expires_at else EndReason.IDLE
        with database.atomic():
            _bury(AccountSession.key == session.key, reason)
        raise SessionEnded(reason)
    if now - session.last_seen_at >= SEEN_RESOLUTION:
        AccountSession.update(last_seen_at=now).where(AccountSession.key == session.key).execute()
        session.last_seen_at = now
    return session


def end_session(token, reason=EndReason.LOGOUT):
    """Logout: the session named by `token` ends (its cookie opens nothing any more)."""
    if token:
        with database.atomic():
            _bury(AccountSession.key == token_key(token), reason)


def end_sessions(account, reason=EndReason.ENDED):
    """Sign the account out everywhere: every one of its sessions ends, in every process; the next
    request of each is told `reason` (EndReason: the password changed, the account was blocked…)."""
    with database.atomic():
        _bury(AccountSession.account == account.id, reason)


def _bury(which, reason):
    """End the sessions `which` selects, leaving each a tombstone with `reason`. Returns how many."""
    now = utcnow()
    keys = [row.key for row in AccountSession.select(AccountSession.key).where(which)]
    if not keys:
        return 0
    # a session two processes end at once is buried once (the first reason stays)
    EndedSession.insert_many([{"key": key, "reason": reason, "ended_at": now} for key in keys]
                             ).on_conflict_ignore().execute()
    return AccountSession.delete().where(AccountSession.key.in_(keys)).execute()


def open_sessions(account):
    """The account's open sessions (not run out), the most recently used first."""
    now = utcnow()
    return AccountSession.of_account(account).where(
        (AccountSession.last_seen_at > now - IDLE) & (AccountSession.expires_at > now))


def end_other_sessions(actor, token):
    """'Afmelden op alle andere toestellen': every session of the acting account but this one ends.

    Returns how many ended; audited when any did.
    """
    account = actor.account
    with database.atomic():
        ended = _bury((AccountSession.account == account.id) & (AccountSession.key != token_key(token or "")),
                      EndReason.OTHER_DEVICES)
        if ended:
            audit.record(actor, "account.other_sessions_ended", subject=account, changes={"sessions": ended})
    return ended


def purge_ended_sessions():
    """Delete the rows of sessions that ran out (they open nothing already), each leaving its
    tombstone, and the tombstones older than a day. Returns how many sessions ended."""
    now = utcnow()
    with database.atomic():
        EndedSession.delete().where(EndedSession.ended_at <= now - KEPT).execute()
        too_old = _bury(AccountSession.expires_at <= now, EndReason.LIFETIME)
        return too_old + _bury(AccountSession.last_seen_at <= now - IDLE, EndReason.IDLE)
