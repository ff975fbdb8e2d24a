"""User management by a local admin: one function per action of 'Beheer van gebruikers'.

The web screens and the XML channel call these same functions. Each one checks the rules, writes
the change and its audit event; none reads the request. A refusal raises `Refused` (or its kinds
`NotAllowed` and `StaleData`, from domain.refusals) with a message for the admin and the form field at fault.
"""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.accounts import Account, AccountApplication
from db.applications import STTS, Application
from db.audit import AuditEvent
from db.base import database
from db.clock import utcnow
from db.dossiers import DossierAction, Task
from db.exchange import ExchangeRegistration
from db.text import normalize_username, search_key
from domain import audit, identifiers
from domain.accounts import end_sessions
from domain.emails import check_email
from domain.languages import check_language
from domain.passwords import generate_one_time_password, hash_password
from domain.profiles import PROFILES
from domain.refusals import NotAllowed, Refused, StaleData
from domain.usernames import TAKEN as TAKEN_USERNAME
from domain.usernames import format_problem
from domain.versions import update_if_current

UNKNOWN_APPLICATION = _l("This application is not in the catalogue.")
STALE_MESSAGE = _l("This user was changed by someone else in the meantime. The form now shows the current "
                   "data: make your change again.")

# what else refers to an account, for the delete overview: (label, rows that refer to the account);
# other areas add one line each (their records keep a name snapshot, the foreign key is SET NULL)
REFERENCES = [
    (_l("Actions in the audit log performed by this user"),
     lambda account: AuditEvent.select().where(AuditEvent.actor == account)),
    (_l("Technical sender of the structured messages"),
     lambda account: ExchangeRegistration.select().where(ExchangeRegistration.technical_sender == account)),
    (_l("Dossier actions performed by this user (they stay in the dossiers' history)"),
     lambda account: DossierAction.select().where(DossierAction.performer == account)),
    (_l("Operator tasks handled by this user"),
     lambda account: Task.select().where(Task.handled_by == account)),
]


# -- the guard ----------------------------------------------------------------------------------

def refusal(admin, account):
    """Why `admin` may not block, delete or reset the password of `account`; None when they may."""
    if account.id == admin.id:
        return _l("You cannot block, delete or reset the password of your own account here.")
    if account.is_local_admin:
        return _l("You cannot block, delete or reset the password of another local administrator.")
    return None


def may_manage(admin, account):
    """True when `admin` may block, delete or reset the password of `account`."""
    return refusal(admin, account) is None


def _guard(admin, account):
    reason = refusal(admin, account)
    if reason:
        raise NotAllowed(reason)


# -- the rules on the data, also used by the forms to show every error at once --------------------

def username_problem(username):
    """What is wrong with a new username (format, or taken in any enterprise); None when fine."""
    problem = format_problem(username)
    if problem is None and Account.by_username(username):
        return TAKEN_USERNAME
    return problem


def national_number_problem(enterprise, national_number, account=None):
    """What is wrong with a (valid) national number for a user of `enterprise`, other than `account`."""
    others = Account.of_enterprise(enterprise).where(Account.national_number == national_number)
    if account is not None:
        others = others.where(Account.id != account.id)
    if others.exists():
        return _l("Another user of your enterprise already has this national register number.")
    return None


def known_applications(codes):
    """The catalogue's applications with these codes; Refused when one of them is unknown."""
    applications = Application.all_of(codes)
    if applications is None:
        raise Refused(UNKNOWN_APPLICATION, "applications")
    return applications


def profile_problem(profile, application_codes, local_admin=False):
    """What is wrong with an STTS profile given the applications; None when fine.

    A user with access to STTS has exactly one profile, a user without has none; a local admin
    may use every application and may have a profile or not.
    """
    if profile and profile not in PROFILES:
        return _l("Choose one of the STTS profiles shown.")
    if local_admin:
        return None
    if STTS in application_codes and not profile:
        return _l("A user with access to STTS needs an STTS profile: choose one.")
    if profile and STTS not in application_codes:
        return _l("An STTS profile needs access to STTS: tick STTS among the applications, "
                  "or choose no profile.")
    return None


NAME_MISSING = {"first_name": _l("Enter the first name."), "last_name": _l("Enter the last name.")}


def _name(value, field):
    """A first or last name without surrounding spaces; Refused when there is nothing left."""
    value = (value or "").strip()
    if not value:
        raise Refused(NAME_MISSING[field], field)
    return value


def _check(problem, field):
    if problem:
        raise Refused(problem, field)


def create_user(enterprise, *, first_name, last_name, national_number, email, language, username,
                applications=(), stts_profile=None):
    """Register a user in `enterprise` with a one-time password: returns (account, password). Audited.

    The password is returned once and kept only as a hash; the user must change it at first sign-in.
    """
    username = normalize_username(username)
    national_number = identifiers.checked_national_number(national_number)
    applications = sorted(set(applications))
    stts_profile = stts_profile or None
    _check(username_problem(username), "username")
    _check(national_number_problem(enterprise, national_number), "national_number")
    known = known_applications(applications)
    _check(profile_problem(stts_profile, applications), "stts_profile")
    check_language(language)
    first_name, last_name = _name(first_name, "first_name"), _name(last_name, "last_name")
    email = check_email(email)
    password = generate_one_time_password()
    data = {"first_name": first_name, "last_name": last_name, "username": username,
            "national_number": national_number, "email": email, "language": language,
            "stts_profile": stts_profile}
    try:
        with database.atomic():
            account = Account.create(enterprise=enterprise, password_hash=hash_password(password),
                                     must_change_password=True, **data)
            _link_applications(account, known)
            audit.record("user.created", subject=account, changes=audit.changes_between(
                {}, {**data, "applications": applications}))
    except IntegrityError as error:
        # the same username or national number registered an instant ago (e.g. a double submission)
        _check(username_problem(username), "username")
        _check(national_number_problem(enterprise, national_number), "national_number")
        raise error
    return account, password


# -- change -------------------------------------------------------------------------------------

def change_profile(account, *, version, email, language, applications=(), stts_profile=None):
    """'Wijzigen profiel': e-mail, language, applications and STTS profile. Audited.

    `version` is the account's version the form was made from: an older one raises StaleData.
    A local admin may use every application, so their applications are left as they are.
    """
    applications = sorted(set(applications))
    stts_profile = stts_profile or None
    known = [] if account.is_local_admin else known_applications(applications)
    _check(profile_problem(stts_profile, applications, account.is_local_admin), "stts_profile")
    check_language(language)
    email = check_email(email)
    before = {"email": account.email, "language": account.language, "stts_profile": account.stts_profile}
    after = {"email": email, "language": language, "stts_profile": stts_profile}
    if not account.is_local_admin:
        before["applications"] = application_codes(account)
        after["applications"] = applications
    changes = audit.changes_between(before, after)
    with database.atomic():
        _save_if_current(account, version, email=email, language=language, stts_profile=stts_profile)
        if "applications" in changes:
            AccountApplication.delete().where(AccountApplication.account == account).execute()
            _link_applications(account, known)
        if changes:
            audit.record("user.profile_changed", subject=account, changes=changes)
    return changes


def correct_national_number(account, *, version, national_number):
    """Correct a user's national register number: an explicit correction with its own audit event."""
    national_number = identifiers.checked_national_number(national_number)
    _check(national_number_problem(account.enterprise, national_number, account), "national_number")
    if national_number == account.national_number:
        return False
    old = account.national_number
    with database.atomic():
        _save_if_current(account, version, national_number=national_number)
        audit.record("user.national_number_corrected", subject=account,
                     changes={"national_number": [old, national_number]})
    return True


def _save_if_current(account, version, **values):
    """UPDATE the account only if nobody changed it since `version`; raise StaleData otherwise."""
    values["updated_at"] = utcnow()
    try:
        update_if_current(Account, account.id, version, **values)
    except StaleData as stale:
        raise StaleData(STALE_MESSAGE) from stale
    for name, value in values.items():
        setattr(account, name, value)
    account.version = version + 1


def _link_applications(account, applications):
    rows = [{"account": account, "application": application} for application in applications]
    if rows:
        AccountApplication.insert_many(rows).execute()


def application_codes(account):
    """The codes of the applications `account` may use, sorted."""
    return sorted(application.code for application in account.applications())


# -- password, blocking, lock-out -----------------------------------------------------------------

def reset_password(admin, account):
    """'Nieuw wachtwoord': a one-time password (returned once), to change at the next sign-in.

    The user's open sessions end, and a lock-out after failed sign-ins is lifted. Audited.
    """
    _guard(admin, account)
    password = generate_one_time_password()
    changes = {"must_change_password": [account.must_change_password, True]}
    if account.is_locked():
        changes["locked_until"] = [account.locked_until, None]
    Account.update(password_hash=hash_password(password), must_change_password=True, failed_logins=0,
                   locked_until=None, version=Account.version + 1, updated_at=utcnow(),
                   ).where(Account.id == account.id).execute()
    end_sessions(account)
    audit.record("user.password_reset", subject=account, actor=admin, changes=changes)
    return password


def block(admin, account):
    """'Blokkeren gebruiker': the user cannot sign in until unblocked; their sessions end at once.

    Returns False when the user was blocked already (nothing changes). Audited.
    """
    return _set_blocked(admin, account, True)


def unblock(admin, account):
    """'Deblokkeren gebruiker': the user may sign in again. False when they were not blocked."""
    return _set_blocked(admin, account, False)


def _set_blocked(admin, account, blocked):
    _guard(admin, account)
    # the WHERE on the old value makes a double click (or two admins at once) change it once
    changed = Account.update(blocked=blocked, version=Account.version + 1, updated_at=utcnow()).where(
        (Account.id == account.id) & (Account.blocked == (not blocked))).execute()
    account.blocked = blocked
    if not changed:
        return False
    account.version += 1
    if blocked:
        end_sessions(account)
    audit.record("user.blocked" if blocked else "user.unblocked", subject=account, actor=admin,
                 changes={"blocked": [not blocked, blocked]})
    return True


def unlock(admin, account):
    """Lift the lock-out after failed sign-ins ("vergrendeld tot ..."). False when not locked."""
    if not account.is_locked():
        return False
    old = account.locked_until
    # as for blocking: the WHERE on the lock makes a double click lift it (and record it) once
    changed = Account.update(locked_until=None, failed_logins=0, version=Account.version + 1,
                             updated_at=utcnow()).where(
        (Account.id == account.id) & Account.locked_until.is_null(False)).execute()
    account.locked_until, account.failed_logins = None, 0
    if not changed:
        return False
    account.version += 1
    audit.record("user.unlocked", subject=account, actor=admin, changes={"locked_until": [old, None]})
    return True


# -- delete -------------------------------------------------------------------------------------

def references_to(account):
    """What else refers to `account`, for the delete overview: [(label, count), ...], zeros left out."""
    counts = [(label, rows(account).count()) for label, rows in REFERENCES]
    return [(label, count) for label, count in counts if count]


def delete_user(admin, account):
    """'Verwijderen gebruiker': remove the account and its application rights; the audit log keeps
    a record under the user's name, and records that refer to them keep their name snapshot."""
    _guard(admin, account)
    snapshot = {"username": account.username, "national_number": account.national_number,
                "email": account.email, "stts_profile": account.stts_profile,
                "applications": application_codes(account)}
    with database.atomic():
        audit.record("user.deleted", subject=account, actor=admin,
                     changes={name: [value, None] for name, value in snapshot.items() if value})
        account.delete_instance()


# -- bulk block / unblock -----------------------------------------------------------------------

@dataclass
class BulkPlan:
    """What a bulk (un)block does: the accounts it changes, and those it skips with the reason."""

    block: bool
    changes: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (account, reason)


def plan_bulk(admin, accounts, block):
    """Split `accounts` into those a bulk block (or unblock) changes and those it skips, and why."""
    plan = BulkPlan(block=block)
    for account in accounts:
        reason = refusal(admin, account)
        if reason is None and account.blocked == block:
            reason = _l("Already blocked.") if block else _l("Not blocked.")
        if reason is None:
            plan.changes.append(account)
        else:
            plan.skipped.append((account, reason))
    return plan


def apply_bulk(admin, accounts, block):
    """Block (or unblock) every account the rules allow; returns the plan as carried out."""
    plan = plan_bulk(admin, accounts, block)
    with database.atomic():
        for account in plan.changes:
            _set_blocked(admin, account, block)
    return plan


# -- search -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UserCriteria:
    """'Opzoeking van gebruikers': the criteria, combinable; `complementary` asks for the others."""

    name: str = ""
    national_number: str = ""
    blocked: bool = False
    applications: tuple = ()
    complementary: bool = False

    @property
    def is_empty(self):
        return not (search_key(self.name) or self.national_number_digits or self.blocked or self.applications)

    @property
    def national_number_digits(self):
        """The digits typed, in whatever formatting: '85.11.03' -> '851103'."""
        return identifiers.digits(self.national_number)


def search_users(enterprise, criteria, sort="name"):
    """The users of `enterprise` matching `criteria` (complementary: not matching), in list order.

    Names match by prefix of the first or last name, without regard to case or accents.
    """
    applications = known_applications(criteria.applications)
    query = Account.search(
        enterprise,
        name_key=search_key(criteria.name),
        national_number=criteria.national_number_digits,
        blocked=criteria.blocked,
        applications=applications,
        complementary=criteria.complementary,
    )
    return query.order_by(*Account.sorted_by(sort))
