"""Signing in: password check, lock-out after repeated failures, blocked accounts, and the
provisional credentials that open only 'Maak een lokale beheerder'.

The lock-out (SECURITY.md, "Lock-out"): 5 wrong passwords for an account from one client (an
address, or an IPv6 /64 network) lock that pair for 15 minutes, twice as long at each repeat; the
owner signs in from elsewhere meanwhile, so nobody can lock another person out by guessing their
username. Over every client together, 20 wrong passwords in a row lock the account itself (the same
doubling), which stops a guesser spread over many addresses. The counters and the locks live in the
database, so every app process sees them.
"""

import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from db.access_requests import ProvisionalCredential, RequestStatus
from db.accounts import Account, Role
from db.clock import utcnow
from db.second_factor import SecondFactor
from db.sessions import SignInFailure
from db.text import normalize_username
from domain import audit
from domain.passwords import hash_password, needs_rehash, spend_verification_time, verify_password
from domain.refusals import NotAllowed, Refused
from domain.usernames import is_provisional_username

MAX_FAILED_SIGN_INS = 5
# the account-wide ceiling, over every client address: far above what one client may try
ACCOUNT_CEILING = 20
LOCK_DURATION = timedelta(minutes=15)
# each lock in a row lasts twice as long as the one before, up to 2**6 times 15 minutes (16 hours)
MAX_DOUBLINGS = 6
# a client's failures (and the doubling of its locks) are forgotten a day after its last failure
FAILURE_MEMORY = timedelta(hours=24)

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
    # the password was right; the second factor's code comes next (domain.second_factor)
    second_step: bool = False


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
    client = client_of(actor.address)
    if account is None or account.is_locked() or is_locked_for(account, client):
        raise _invalid(password)
    if not verify_password(account.password_hash, password):
        _count_failure(actor, account, client)
        raise _wrong()
    if account.role not in roles:
        raise _wrong()
    if account.blocked:
        raise NotAllowed(BLOCKED)
    if has_second_factor(account):
        # the failures count on until the code is right too: a guesser who has the password gets
        # no fresh tries at the code by typing the password again
        _rehash(account, password)
        return SignedIn(account=account, second_step=True)
    _count_success(account, client, password)
    return SignedIn(account=account)


def has_second_factor(account):
    """True when the account signs in with a code after its password (domain.second_factor)."""
    factor = SecondFactor.of(account)
    return factor is not None and factor.enabled


def count_failure(actor, account, client):
    """A wrong second-factor code counts as a wrong password (domain.second_factor)."""
    _count_failure(actor, account, client)


def count_success(account, client):
    """The second factor's code was right: the sign-in succeeded."""
    _count_success(account, client, None)


def _rehash(account, password):
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        account.save(only=[Account.password_hash])


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


def client_of(address):
    """Whom the lock-out counts as one client: the address; for IPv6 its /64 network (one home or
    office gets a whole /64, so its addresses are one client)."""
    try:
        parsed = ipaddress.ip_address(address or "")
    except ValueError:
        return (address or "")[:45]
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))


def is_locked_for(account, client, now=None):
    """True while `account` is locked for `client` after too many failures from it."""
    pair = SignInFailure.of(account, client)
    return pair is not None and pair.locked_until is not None and pair.locked_until > (now or utcnow())


def lock_duration(lock_count):
    """How long the lock after `lock_count` earlier ones in a row lasts: 15 minutes, doubling."""
    return LOCK_DURATION * 2 ** min(lock_count, MAX_DOUBLINGS)


def _count_failure(actor, account, client):
    now = utcnow()
    # a client that has not failed for a day starts over
    SignInFailure.delete().where((SignInFailure.account == account.id) & (SignInFailure.client == client)
                                 & (SignInFailure.last_failed_at < now - FAILURE_MEMORY)).execute()
    # one statement with the increment in SQL: concurrent failures in other processes all count
    SignInFailure.insert(account=account.id, client=client, failures=1, lock_count=0, last_failed_at=now
                         ).on_conflict(conflict_target=[SignInFailure.account, SignInFailure.client],
                                       update={SignInFailure.failures: SignInFailure.failures + 1,
                                               SignInFailure.last_failed_at: now}).execute()
    pair = SignInFailure.of(account, client)
    if pair.failures >= MAX_FAILED_SIGN_INS:
        _lock_pair(actor, account, pair, now)
    if _one_more_failure(Account, account.id) >= ACCOUNT_CEILING:
        _lock(actor, account, now)


def _lock_pair(actor, account, pair, now):
    locked_until = now + lock_duration(pair.lock_count)
    # the condition on the count: of two processes at the limit at once, one locks (and records it)
    locked = SignInFailure.update(failures=0, lock_count=SignInFailure.lock_count + 1,
                                  locked_until=locked_until).where(
        (SignInFailure.id == pair.id) & (SignInFailure.failures >= MAX_FAILED_SIGN_INS)).execute()
    if locked:
        # the account did not act: the visitor who typed the passwords did, from their address
        audit.record(actor, "account.locked_for_client", subject=account,
                     changes={"client": pair.client, "locked_until": [None, locked_until]})


def _lock(actor, account, now):
    locked_until = now + lock_duration(account.lock_count)
    locked = Account.update(failed_logins=0, lock_count=Account.lock_count + 1,
                            locked_until=locked_until).where(
        (Account.id == account.id) & (Account.failed_logins >= ACCOUNT_CEILING)).execute()
    if locked:
        audit.record(actor, "account.locked", subject=account, changes={"locked_until": [None, locked_until]})


def forget_failures(account):
    """Every client's failures and locks for `account` end (the local admin unlocked it, or set a
    new password)."""
    SignInFailure.delete().where(SignInFailure.account == account.id).execute()


def _count_success(account, client, password):
    SignInFailure.delete().where((SignInFailure.account == account.id) & (SignInFailure.client == client)
                                 ).execute()
    account.failed_logins = 0
    account.locked_until = None
    account.lock_count = 0
    account.last_login_at = utcnow()
    fields = [Account.failed_logins, Account.locked_until, Account.lock_count, Account.last_login_at]
    if password is not None and needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        fields.append(Account.password_hash)
    account.save(only=fields)
