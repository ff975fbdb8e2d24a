"""Signing in: password check, lock-out after repeated failures, blocked accounts.

The failure counter and the lock live in the database, so every app process sees them.
"""

from dataclasses import dataclass
from datetime import timedelta

from db.accounts import Account
from domain import audit
from domain.clock import utcnow
from domain.passwords import hash_password, needs_rehash, spend_verification_time, verify_password

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = timedelta(minutes=15)


class Refusal:
    # one answer for an unknown user, a wrong password and a locked account: none of them
    # tells an outsider whether the username exists
    INVALID = "invalid"
    BLOCKED = "blocked"


@dataclass
class SignInResult:
    account: Account | None = None
    refusal: str | None = None


def sign_in(username, password):
    """Check a username and password; on success the account, otherwise the refusal."""
    account = Account.by_username(username)
    if account is None:
        spend_verification_time(password)
        return SignInResult(refusal=Refusal.INVALID)
    if account.is_locked():
        spend_verification_time(password)
        return SignInResult(refusal=Refusal.INVALID)
    if not verify_password(account.password_hash, password):
        _count_failure(account)
        return SignInResult(refusal=Refusal.INVALID)
    if account.blocked:
        return SignInResult(refusal=Refusal.BLOCKED)
    _count_success(account, password)
    return SignInResult(account=account)


def _count_failure(account):
    # one UPDATE with the increment in SQL: concurrent failures in other processes all count
    Account.update(failed_logins=Account.failed_logins + 1).where(Account.id == account.id).execute()
    failures = Account.select(Account.failed_logins).where(Account.id == account.id).scalar()
    if failures >= MAX_FAILED_SIGN_INS:
        locked_until = utcnow() + LOCK_DURATION
        Account.update(failed_logins=0, locked_until=locked_until).where(Account.id == account.id).execute()
        audit.record("account.locked", subject=account, changes={"locked_until": [None, locked_until]})


def _count_success(account, password):
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = utcnow()
    fields = [Account.failed_logins, Account.locked_until, Account.last_login_at]
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        fields.append(Account.password_hash)
    account.save(only=fields)
