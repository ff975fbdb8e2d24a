"""The second factor: a TOTP authenticator app (RFC 6238, pyotp), and ten one-time recovery codes.

- The secret is stored encrypted (Fernet, with a key derived by HKDF from the app's secret key:
  `configure(secret_key)`), so a copy of the database alone yields no codes.
- A code is accepted once: the time step of the last accepted code is kept, and only a later step
  is accepted (one UPDATE with the condition in SQL, so two processes cannot both accept it).
  The window is one step (30 s) either side, for clocks that drift.
- Recovery codes are 128 random bits; only their SHA-256 is stored. A slow, salted hash (argon2)
  protects guessable secrets such as passwords; 128 random bits cannot be guessed, so a plain
  SHA-256 is as safe and lets one indexed UPDATE spend a code exactly once.
- The code step after the password counts towards the lock-out like a wrong password
  (domain.auth): 5 wrong codes from one client lock that pair.
- Back-office officers and local admins must have one; a local admin can require it of every user
  of the enterprise. Whoever must have one and has none gets a grace period (`GRACE`, 7 days by
  default, STTS_SECOND_FACTOR_GRACE_DAYS) from the first sign-in where it was required.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask_babel import lazy_gettext as _l

from db.accounts import Account, Role
from db.base import database
from db.clock import timestamp, utcnow
from db.enterprises import Enterprise
from db.second_factor import RecoveryCode, SecondFactor
from domain import audit, auth
from domain.refusals import NotAllowed, Refused
from domain.sessions import EndReason, end_sessions
from domain.versions import update_if_current

ISSUER = "STTS"
STEP_SECONDS = 30
# steps either side of now that are still accepted
VALID_WINDOW = 1
RECOVERY_CODE_COUNT = 10
GRACE = timedelta(days=7)

WRONG_CODE = _l("This code is not right, or it was used already. Type the code your app shows now, or one "
                "of your recovery codes. After 5 failed attempts the account is locked for 15 minutes.")
ENTER_CODE = _l("Enter the 6 digits your authenticator app shows.")
ALREADY_ON = _l("Your second factor is on already.")
NOT_ON = _l("This account has no second factor.")
MUST_KEEP = _l("Your account must have a second factor: you cannot turn it off. Set up a new app instead.")
NOT_YOURS = _l("This user is not a user of your enterprise.")
NOT_FOR_ADMINS = _l("You cannot reset the second factor of your own account or of another local "
                    "administrator here.")
RESET_NEEDS_PROCEDURE = _l("The second factor of a local administrator is reset only once the signed "
                           "original of the access request was received.")

_fernet = None


def configure(secret_key, grace_days=None):
    """Derive the key that encrypts the secrets from the app's secret key (HKDF-SHA256)."""
    global _fernet, GRACE
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"stts.second-factor",
               info=b"totp secret at rest").derive(secret_key.encode())
    _fernet = Fernet(base64.urlsafe_b64encode(key))
    if grace_days is not None:
        GRACE = timedelta(days=int(grace_days))


def encrypt(secret):
    return _fernet.encrypt(secret.encode()).decode()


def decrypt(token):
    try:
        return _fernet.decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


# -- reading --------------------------------------------------------------------------------------

def is_required(account):
    """Officers and local admins always; a user when the enterprise requires it."""
    if account.role in (Role.OFFICER, Role.LOCAL_ADMIN):
        return True
    return account.enterprise_id is not None and bool(
        Enterprise.select(Enterprise.second_factor_required).where(Enterprise.id == account.enterprise_id)
        .scalar())


def is_enabled(account):
    factor = SecondFactor.of(account)
    return factor is not None and factor.enabled


def setup_deadline(account, now=None, factor_of=SecondFactor.of):
    """When an account that must have a second factor and has none must have set it up; the grace
    period starts at the first call (its first sign-in where it is required). None: not needed.
    `factor_of`: how the account's second factor is read."""
    if not is_required(account):
        return None
    factor = factor_of(account)
    if factor is not None and factor.enabled:
        return None
    if factor is None or factor.grace_until is None:
        until = (now or utcnow()) + GRACE
        SecondFactor.insert(account=account.id, secret="", last_step=0, grace_until=until).on_conflict(
            conflict_target=[SecondFactor.account], update={SecondFactor.grace_until: until}).execute()
        return until
    return factor.grace_until


def must_set_up_now(account, now=None):
    """True when the account must have a second factor, has none, and its grace period is over
    (asked before every request: its second factor as read with the session)."""
    deadline = setup_deadline(account, now, factor_of=SecondFactor.read_with_session)
    return deadline is not None and deadline <= (now or utcnow())


def new_secret():
    return pyotp.random_base32()


def provisioning_uri(account, secret):
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    return totp.provisioning_uri(name=account.username, issuer_name=ISSUER)


def qr_svg(uri):
    """The QR code of `uri` as inline SVG (drawn on the server; no script)."""
    return segno.make(uri, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff",
                                                 title="QR code")


def current_code(secret, at=None):
    """The code of `secret` now (tests and the demo)."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(at if at is not None else timestamp())


# -- checking a code ------------------------------------------------------------------------------

def normalize(code):
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()[:64]


def matching_step(secret, code, now=None):
    """The time step (within the window) whose code is `code`, or None."""
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    now = now if now is not None else timestamp()
    current = int(now // STEP_SECONDS)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _accept_totp(factor, code):
    secret = decrypt(factor.secret)
    if secret is None or not (len(code) == 6 and code.isdigit()):
        return False
    step = matching_step(secret, code)
    if step is None:
        return False
    # accepted once: only a step after the last accepted one (the condition in SQL, for every process)
    return SecondFactor.update(last_step=step).where(
        (SecondFactor.id == factor.id) & (SecondFactor.last_step < step)).execute() == 1


def recovery_hash(code):
    return hashlib.sha256(normalize(code).encode()).hexdigest()


def _spend_recovery_code(account, code):
    if len(code) != 32:
        return False
    return RecoveryCode.update(used_at=utcnow()).where(
        (RecoveryCode.account == account.id) & (RecoveryCode.code_hash == recovery_hash(code))
        & RecoveryCode.used_at.is_null()).execute() == 1


def verify_sign_in(actor, account, code):
    """The code step after the password: a TOTP code or a recovery code of `account`.

    Returns the account; a wrong, reused or spent code counts as a failed sign-in (domain.auth) and
    is Refused (401). A locked account or pair is refused the same way, without counting.
    """
    client = auth.client_of(actor.address)
    if account.blocked:
        raise NotAllowed(auth.BLOCKED)
    if account.is_locked() or auth.is_locked_for(account, client):
        raise Refused(WRONG_CODE, "code", status=401)
    factor = SecondFactor.of(account)
    code = normalize(code)
    if factor is None or not factor.enabled:
        raise Refused(WRONG_CODE, "code", status=401)
    if _accept_totp(factor, code):
        auth.count_success(account, client)
        return account
    if _spend_recovery_code(account, code):
        auth.count_success(account, client)
        audit.record(actor, "account.recovery_code_used", subject=account, enterprise=account.enterprise_id,
                     changes={"left": RecoveryCode.unused_of(account).count()})
        return account
    auth.count_failure(actor, account, client)
    raise Refused(WRONG_CODE, "code", status=401)


# -- turning it on, off, resetting ----------------------------------------------------------------

def new_recovery_code():
    """128 random bits, as 32 hex digits in groups of four (easy to copy by hand)."""
    raw = secrets.token_hex(16)
    return "-".join(raw[i:i + 4] for i in range(0, 32, 4))


def _new_recovery_codes(account):
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.delete().where(RecoveryCode.account == account.id).execute()
    now = utcnow()
    RecoveryCode.insert_many([{"account": account.id, "code_hash": recovery_hash(code), "created_at": now}
                              for code in codes]).execute()
    return codes


def enable(actor, secret, code):
    """Turn the acting account's second factor on with `secret`, confirmed by a first `code`.

    Returns the ten recovery codes (shown once; only their hashes are kept). Audited.
    """
    account = actor.account
    code = normalize(code)
    if not (len(code) == 6 and code.isdigit()):
        raise Refused(ENTER_CODE, "code")
    if is_enabled(account):
        raise Refused(ALREADY_ON)
    step = matching_step(secret, code)
    if step is None:
        raise Refused(WRONG_CODE, "code")
    with database.atomic():
        SecondFactor.delete().where(SecondFactor.account == account.id).execute()
        SecondFactor.create(account=account.id, secret=encrypt(secret), confirmed_at=utcnow(), last_step=step)
        codes = _new_recovery_codes(account)
        _record(actor, "account.second_factor_enabled", account)
    return codes


def renew_recovery_codes(actor):
    """Ten new recovery codes for the acting account (the old ones stop working). Audited."""
    account = actor.account
    if not is_enabled(account):
        raise Refused(NOT_ON)
    with database.atomic():
        codes = _new_recovery_codes(account)
        _record(actor, "account.recovery_codes_renewed", account)
    return codes


def recovery_codes_left(account):
    return RecoveryCode.unused_of(account).count()


def disable(actor):
    """Turn the acting account's own second factor off (only when it is not required). Audited."""
    account = actor.account
    if is_required(account):
        raise NotAllowed(MUST_KEEP)
    if not is_enabled(account):
        raise Refused(NOT_ON)
    with database.atomic():
        _remove(account)
        _record(actor, "account.second_factor_disabled", account)


def _remove(account):
    SecondFactor.delete().where(SecondFactor.account == account.id).execute()
    RecoveryCode.delete().where(RecoveryCode.account == account.id).execute()


def reset_for_user(actor, account):
    """The local admin resets a user's second factor (lost phone): the user sets it up again at the
    next sign-in (a new grace period); their sessions end. Audited. False when there was none."""
    if account.enterprise_id != getattr(actor.enterprise, "id", None) or actor.account is None:
        raise NotAllowed(NOT_YOURS)
    if account.id == actor.account.id or account.is_local_admin or not actor.account.is_local_admin:
        raise NotAllowed(NOT_FOR_ADMINS)
    return _reset(actor, account, "user.second_factor_reset")


def reset_for_local_admin(actor, access_request):
    """An officer resets the second factor of the local admin of the enterprise of `access_request`,
    once its signed original was received (the identity checked as in the access request procedure)."""
    from db.access_requests import RequestStatus

    if actor.account is None or actor.account.role != Role.OFFICER:
        raise NotAllowed(NOT_FOR_ADMINS)
    if access_request.status not in (RequestStatus.ORIGINAL_RECEIVED, RequestStatus.CREDENTIALS_ISSUED,
                                     RequestStatus.COMPLETED) or access_request.enterprise_id is None:
        raise NotAllowed(RESET_NEEDS_PROCEDURE)
    admin = Account.local_admin_of(access_request.enterprise_id)
    if admin is None:
        raise Refused(NOT_ON)
    with database.atomic():
        reset = _reset(actor, admin, "user.second_factor_reset")
        if reset:
            audit.record(actor, "access_request.second_factor_reset", subject=access_request,
                         changes={"username": admin.username})
    return reset


def _reset(actor, account, action):
    with database.atomic():
        if not is_enabled(account):
            return False
        _remove(account)
        end_sessions(account, EndReason.SECOND_FACTOR)
        _record(actor, action, account)
    return True


def require_for_enterprise(actor, required, version):
    """The local admin requires (or no longer requires) a second factor of every user. Audited.
    Returns True when the setting changed."""
    enterprise = actor.enterprise
    if actor.account is None or not actor.account.is_local_admin or enterprise is None:
        raise NotAllowed(NOT_YOURS)
    stored = Enterprise.get_by_id(enterprise.id)
    if bool(stored.second_factor_required) == bool(required):
        return False
    with database.atomic():
        update_if_current(Enterprise, enterprise.id, version, second_factor_required=bool(required))
        audit.record(actor, "enterprise.second_factor_required_changed", subject=stored,
                     enterprise=enterprise, changes={"second_factor_required": [
                         bool(stored.second_factor_required), bool(required)]})
    enterprise.second_factor_required, enterprise.version = bool(required), version + 1
    return True


def _record(actor, action, account, **changes):
    # an officer's account has no enterprise: its events go to no enterprise's log
    audit.record(actor, action, subject=account, enterprise=account.enterprise_id, changes=changes or None)
