"""Sessions kept in the database: opened at sign-in, ended by logout, by the idle and absolute
limits, and by whatever changes who the account is (blocked, deleted, new password, new role).

The browser holds a random 256-bit token and nothing else about the account; the database keeps
its SHA-256 (db.sessions). Every app process sees the same sessions.
"""

import secrets
from datetime import timedelta

from db.base import database
from db.clock import utcnow
from db.sessions import AccountSession, token_key
from domain import audit

IDLE = timedelta(minutes=30)
LIFETIME = timedelta(hours=12)
# last seen is written at most once a minute: a page's requests do not each write a row
SEEN_RESOLUTION = timedelta(minutes=1)
USER_AGENT_LENGTH = 255


class SessionEnded(Exception):
    """The token named a session that ran out (idle or too old); its row is gone now."""


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
        return None
    now = utcnow()
    if now - session.last_seen_at > IDLE or now >= session.expires_at:
        AccountSession.delete().where(AccountSession.key == session.key).execute()
        raise SessionEnded()
    if now - session.last_seen_at >= SEEN_RESOLUTION:
        AccountSession.update(last_seen_at=now).where(AccountSession.key == session.key).execute()
        session.last_seen_at = now
    return session


def end_session(token):
    """Logout: the session named by `token` ends (its cookie opens nothing any more)."""
    if token:
        AccountSession.delete().where(AccountSession.key == token_key(token)).execute()


def end_sessions(account):
    """Sign the account out everywhere: every one of its sessions ends, in every process."""
    AccountSession.delete().where(AccountSession.account == account.id).execute()


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
        ended = AccountSession.delete().where(
            (AccountSession.account == account.id) & (AccountSession.key != token_key(token or ""))).execute()
        if ended:
            audit.record(actor, "account.other_sessions_ended", subject=account, changes={"sessions": ended})
    return ended


def purge_ended_sessions():
    """Delete the rows of sessions that ran out (they open nothing already). Returns how many."""
    now = utcnow()
    return AccountSession.delete().where(
        (AccountSession.last_seen_at <= now - IDLE) | (AccountSession.expires_at <= now)).execute()
