"""Signing in: password check, lock-out after repeated failures, blocked accounts, and the
provisional credentials that open only 'Maak een lokale beheerder'.

The failure counters and the lock live in the database, so every app process sees them.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from db.access_requests import ProvisionalCredential, RequestStatus
from db.accounts import Account, Role
from db.clock import utcnow
from db.text import normalize_username
from domain import audit
from domain.passwords import hash_password, needs_rehash, spend_verification_time, verify_password
from domain.refusals import NotAllowed, Refused
from domain.usernames import is_provisional_username

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = timedelta(minutes=15)

# one answer for an unknown user, a wrong password, a locked account and the wrong portal:
# none of them tells an outsider whether the username exists
WRONG_CREDENTIALS = _l(
    "Wrong username or password. After 5 failed attempts an account is locked for 15 minutes.")
# told only to whoever typed the right password
BLOCKED = _l("Your account is blocked. Contact your local administrator.")
CREDENTIALS_USED = _l("These provisional credentials were already used. Sign in with your own username "
                      "and password.")
CREDENTIALS_EXPIRED = _l("These provisional credentials are no longer valid (they expire after 30 days, or "
                         "newer ones were issued). Ask the Social Security back office for new ones, giving "
                         "your ticket number.")


@dataclass(frozen=True)
class SignedIn:
    """Who signed in: an account, or provisional credentials (which only make a local admin)."""

    account: Account | None = None
    credential: ProvisionalCredential | None = None


def sign_in(actor, username, password, roles):
    """Check a username and password for an account with one of `roles`; `actor` is the visitor.

    Returns SignedIn with the account, or, for provisional credentials, the credentials; else
    Refused (401 for wrong credentials, 403 for blocked or spent ones). Nothing is written unless
    the password is checked.
    """
    if is_provisional_username(normalize_username(username)):
        if Role.LOCAL_ADMIN in roles:
            return _sign_in_provisional(actor, username, password)
        raise _invalid(password)
    account = Account.by_username(username)
    if account is None or account.is_locked():
        raise _invalid(password)
    if not verify_password(account.password_hash, password):
        if _one_more_failure(Account, account.id) >= MAX_FAILED_SIGN_INS:
            _lock(actor, account)
        raise _wrong()
    if account.role not in roles:
        raise _wrong()
    if account.blocked:
        raise NotAllowed(BLOCKED)
    _count_success(account, password)
    return SignedIn(account=account)


def _sign_in_provisional(actor, username, password):
    credential = ProvisionalCredential.by_username(normalize_username(username))
    if credential is None or credential.failed_logins >= MAX_FAILED_SIGN_INS:
        raise _invalid(password)
    if not verify_password(credential.password_hash, password):
        # at the limit the credentials are spent for good: the back office issues new ones
        if _one_more_failure(ProvisionalCredential, credential.id) == MAX_FAILED_SIGN_INS:
            audit.record(actor, "access_request.credentials_locked", subject=credential.access_request,
                         changes={"username": credential.username})
        raise _wrong()
    if credential.used_at is not None:
        raise NotAllowed(CREDENTIALS_USED)
    if not is_usable(credential):
        raise NotAllowed(CREDENTIALS_EXPIRED)
    audit.record(actor, "access_request.provisional_sign_in", subject=credential.access_request,
                 changes={"username": credential.username})
    return SignedIn(credential=credential)


def is_usable(credential, now=None):
    """Provisional credentials: not used, not expired (nor ended by newer ones), not locked, and
    their request waits for them."""
    return (
        credential.used_at is None
        and not credential.is_expired(now or utcnow())
        and credential.failed_logins < MAX_FAILED_SIGN_INS
        and credential.access_request.status == RequestStatus.CREDENTIALS_ISSUED
    )


def _wrong():
    return Refused(WRONG_CREDENTIALS, status=401)


def _invalid(password):
    # the work of one verification, so an unknown username takes as long as a wrong password
    spend_verification_time(password)
    return _wrong()


def _one_more_failure(model, row_id):
    # one UPDATE with the increment in SQL: concurrent failures in other processes all count
    model.update(failed_logins=model.failed_logins + 1).where(model.id == row_id).execute()
    return model.select(model.failed_logins).where(model.id == row_id).scalar()


def _lock(actor, account):
    locked_until = utcnow() + LOCK_DURATION
    Account.update(failed_logins=0, locked_until=locked_until).where(Account.id == account.id).execute()
    # the account did not act: the visitor who typed the passwords did, from their address
    audit.record(actor, "account.locked", subject=account, changes={"locked_until": [None, locked_until]})


def _count_success(account, password):
    account.failed_logins = 0
    account.locked_until = None
    account.last_login_at = utcnow()
    fields = [Account.failed_logins, Account.locked_until, Account.last_login_at]
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        fields.append(Account.password_hash)
    account.save(only=fields)
