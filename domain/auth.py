"""Signing in: password check, lock-out after repeated failures, blocked accounts, and the
provisional credentials that open only 'Maak een lokale beheerder'.

The failure counters and the lock live in the database, so every app process sees them.
"""

from dataclasses import dataclass
from datetime import timedelta

from db.access_requests import ProvisionalCredential, RequestStatus
from db.accounts import Account, Role
from db.clock import utcnow
from db.text import normalize_username
from domain import audit
from domain.passwords import hash_password, needs_rehash, spend_verification_time, verify_password
from domain.usernames import is_provisional_username

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = timedelta(minutes=15)


class Refusal:
    # one answer for an unknown user, a wrong password, a locked account and the wrong portal:
    # none of them tells an outsider whether the username exists
    INVALID = "invalid"
    # told only to whoever typed the right password
    BLOCKED = "blocked"
    USED = "used"
    EXPIRED = "expired"


@dataclass
class SignInResult:
    account: Account | None = None
    credential: ProvisionalCredential | None = None
    refusal: str | None = None


def sign_in(username, password, roles):
    """Check a username and password for an account with one of `roles`.

    On success the account, or, for provisional credentials (which make a local admin), the
    credentials; otherwise the refusal. Nothing is written unless the password is checked.
    """
    if is_provisional_username(normalize_username(username)):
        if Role.LOCAL_ADMIN in roles:
            return _sign_in_provisional(username, password)
        return _invalid(password)
    account = Account.by_username(username)
    if account is None or account.is_locked():
        return _invalid(password)
    if not verify_password(account.password_hash, password):
        if _one_more_failure(Account, account.id) >= MAX_FAILED_SIGN_INS:
            _lock(account)
        return SignInResult(refusal=Refusal.INVALID)
    if account.role not in roles:
        return SignInResult(refusal=Refusal.INVALID)
    if account.blocked:
        return SignInResult(refusal=Refusal.BLOCKED)
    _count_success(account, password)
    return SignInResult(account=account)


def _sign_in_provisional(username, password):
    credential = ProvisionalCredential.by_username(normalize_username(username))
    if credential is None or credential.failed_logins >= MAX_FAILED_SIGN_INS:
        return _invalid(password)
    if not verify_password(credential.password_hash, password):
        # at the limit the credentials are spent for good: the back office issues new ones
        if _one_more_failure(ProvisionalCredential, credential.id) == MAX_FAILED_SIGN_INS:
            audit.record("access_request.credentials_locked", subject=credential.access_request, actor=None,
                         changes={"username": credential.username})
        return SignInResult(refusal=Refusal.INVALID)
    if credential.used_at is not None:
        return SignInResult(refusal=Refusal.USED)
    if not is_usable(credential):
        return SignInResult(refusal=Refusal.EXPIRED)
    audit.record("access_request.provisional_sign_in", subject=credential.access_request, actor=None,
                 changes={"username": credential.username})
    return SignInResult(credential=credential)


def is_usable(credential, now=None):
    """Provisional credentials: not used, not expired (nor ended by newer ones), not locked, and
    their request waits for them."""
    return (
        credential.used_at is None
        and not credential.is_expired(now or utcnow())
        and credential.failed_logins < MAX_FAILED_SIGN_INS
        and credential.access_request.status == RequestStatus.CREDENTIALS_ISSUED
    )


def _invalid(password):
    # the work of one verification, so an unknown username takes as long as a wrong password
    spend_verification_time(password)
    return SignInResult(refusal=Refusal.INVALID)


def _one_more_failure(model, row_id):
    # one UPDATE with the increment in SQL: concurrent failures in other processes all count
    model.update(failed_logins=model.failed_logins + 1).where(model.id == row_id).execute()
    return model.select(model.failed_logins).where(model.id == row_id).scalar()


def _lock(account):
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
