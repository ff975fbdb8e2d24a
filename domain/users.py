"""User management by a local admin: one function per action of 'Beheer van gebruikers'.

The web screens and the XML channel call these same functions, with the Actor first. Each one checks
the rules, writes the change and its audit event in one transaction; none reads the request. A
refusal raises `Refused` (or its kinds `NotAllowed` and `StaleData`, from domain.refusals) with a
message for the admin and the form field at fault.
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
from db.sessions import SignInFailure
from db.text import search_key
from domain import audit, form_tokens, free_text, identifiers
from domain.accounts import end_sessions
from domain.auth import forget_failures
from domain.emails import check_email
from domain.languages import check_language
from domain.passwords import generate_one_time_password, hash_password
from domain.profiles import Profile
from domain.refusals import NotAllowed, Refused
from domain.sessions import EndReason
from domain.usernames import TAKEN as TAKEN_USERNAME
from domain.usernames import check_username_format
from domain.versions import update_if_current

UNKNOWN_APPLICATION = _l("This application is not in the catalogue.")
NOT_YOURS = _l("This user is not a user of your enterprise.")

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

def check_may_manage(actor, account):
    """`account` when `actor` may block, delete or reset the password of it; else NotAllowed."""
    if account.enterprise_id != getattr(actor.enterprise, "id", None):
        raise NotAllowed(NOT_YOURS)
    if actor.account is not None and account.id == actor.account.id:
        raise NotAllowed(_l("You cannot block, delete or reset the password of your own account here."))
    if account.is_local_admin:
        raise NotAllowed(_l("You cannot block, delete or reset the password of another local administrator."))
    return account


def may_manage(actor, account):
    """True when `actor` may block, delete or reset the password of `account` (check_may_manage)."""
    try:
        check_may_manage(actor, account)
    except NotAllowed:
        return False
    return True


# -- the rules on the data, also run by the forms as field validators (web.forms.Rule) -----------

def check_new_username(username):
    """A new username in its stored form: of the right form and not taken in any enterprise."""
    username = check_username_format(username)
    if Account.by_username(username):
        raise Refused(TAKEN_USERNAME, "username")
    return username


def check_national_number_free(national_number, *, enterprise, account=None):
    """The 11 digits of a national number no other user of `enterprise` (but `account`) has."""
    national_number = identifiers.national_number(national_number)
    others = Account.of_enterprise(enterprise).where(Account.national_number == national_number)
    if account is not None:
        others = others.where(Account.id != account.id)
    if others.exists():
        raise Refused(_l("Another user of your enterprise already has this national register number."),
                      "national_number")
    return national_number


def known_applications(codes):
    """The catalogue's applications with these codes; Refused when one of them is unknown."""
    applications = Application.all_of(codes)
    if applications is None:
        raise Refused(UNKNOWN_APPLICATION, "applications")
    return applications


def check_profile(profile, *, application_codes, local_admin=False):
    """The STTS profile (None for none) that fits the applications; else Refused.

    A user with access to STTS has exactly one profile, a user without has none; a local admin
    may use every application and may have a profile or not.
    """
    profile = profile or None
    if profile and profile not in Profile:
        raise Refused(_l("Choose one of the STTS profiles shown."), "stts_profile")
    if local_admin:
        return profile
    if STTS in application_codes and not profile:
        raise Refused(_l("A user with access to STTS needs an STTS profile: choose one."), "stts_profile")
    if profile and STTS not in application_codes:
        raise Refused(_l("An STTS profile needs access to STTS: tick STTS among the applications, "
                         "or choose no profile."), "stts_profile")
    return profile


NAME_MISSING = {"first_name": _l("Enter the first name."), "last_name": _l("Enter the last name.")}


def _name(value, field):
    """A first or last name without surrounding spaces; Refused when there is nothing left."""
    value = (value or "").strip()
    if not value:
        raise Refused(NAME_MISSING[field], field)
    return free_text.single_line(value, field)


def create_user(actor, *, first_name, last_name, national_number, email, language, username,
                applications=(), stts_profile=None, form_token=None):
    """Register a user in the actor's enterprise with a one-time password: returns (account, password).

    The password is returned once and kept only as a hash; the user must change it at first sign-in.
    The same `form_token` posted again registers nobody and returns the first (account, password)
    (domain.form_tokens).
    """
    data = {"first_name": first_name, "last_name": last_name, "national_number": national_number,
            "email": email, "language": language, "username": username, "applications": applications,
            "stts_profile": stts_profile}
    return form_tokens.once(actor, form_token, "user.created", lambda: _create_user(actor, **data),
                            keep=lambda created: {"account": created[0].id, "password": created[1]},
                            again=_created_before)


def _created_before(kept):
    account = Account.get_or_none(Account.id == kept["account"])
    if account is None:  # deleted since
        raise form_tokens.SentAlready()
    return account, kept["password"]


def _create_user(actor, *, first_name, last_name, national_number, email, language, username,
                 applications, stts_profile):
    enterprise = actor.enterprise
    username = check_new_username(username)
    national_number = check_national_number_free(national_number, enterprise=enterprise)
    applications = sorted(set(applications))
    known = known_applications(applications)
    stts_profile = check_profile(stts_profile, application_codes=applications)
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
            audit.record(actor, "user.created", subject=account, changes=audit.changes_between(
                {}, {**data, "applications": applications}))
    except IntegrityError:
        # the same username or national number registered an instant ago (e.g. a double submission)
        check_new_username(username)
        check_national_number_free(national_number, enterprise=enterprise)
        raise
    return account, password


# -- change -------------------------------------------------------------------------------------

def change_profile(actor, account, *, version, email, language, applications=(), stts_profile=None):
    """'Wijzigen profiel': e-mail, language, applications and STTS profile. Returns the changes.

    `version` is the account's version the form was made from: an older one raises StaleData.
    A local admin may use every application, so their applications are left as they are. The same
    change posted twice changes nothing the second time: no new version, no event.
    """
    applications = sorted(set(applications))
    known = [] if account.is_local_admin else known_applications(applications)
    stts_profile = check_profile(stts_profile, application_codes=applications,
                                 local_admin=account.is_local_admin)
    check_language(language)
    email = check_email(email)
    before = {"email": account.email, "language": account.language, "stts_profile": account.stts_profile}
    after = {"email": email, "language": language, "stts_profile": stts_profile}
    if not account.is_local_admin:
        before["applications"] = application_codes(account)
        after["applications"] = applications
    changes = audit.changes_between(before, after)
    if not changes:
        return changes
    with database.atomic():
        _save_if_current(account, version, email=email, language=language, stts_profile=stts_profile)
        if "applications" in changes:
            AccountApplication.delete().where(AccountApplication.account == account).execute()
            _link_applications(account, known)
        audit.record(actor, "user.profile_changed", subject=account, changes=changes)
    return changes


def correct_national_number(actor, account, *, version, national_number):
    """Correct a user's national register number: an explicit correction with its own audit event.
    False when it was that number already."""
    national_number = check_national_number_free(national_number, enterprise=account.enterprise,
                                                 account=account)
    if national_number == account.national_number:
        return False
    old = account.national_number
    with database.atomic():
        _save_if_current(account, version, national_number=national_number)
        audit.record(actor, "user.national_number_corrected", subject=account,
                     changes={"national_number": [old, national_number]})
    return True


def _save_if_current(account, version, **values):
    """UPDATE the account only if nobody changed it since `version`; raise StaleData otherwise."""
    values["updated_at"] = utcnow()
    update_if_current(Account, account.id, version, **values)
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

def reset_password(actor, account, form_token=None):
    """'Nieuw wachtwoord': a one-time password (returned once), to change at the next sign-in.

    The user's open sessions end, and a lock-out after failed sign-ins is lifted. Audited. The same
    `form_token` posted again makes no new password and returns the first (domain.form_tokens).
    """
    return form_tokens.once(actor, form_token, f"user.password_reset:{account.id}",
                            lambda: _reset_password(actor, account),
                            keep=lambda password: {"password": password}, again=lambda kept: kept["password"])


def _reset_password(actor, account):
    check_may_manage(actor, account)
    password = generate_one_time_password()
    changes = {"must_change_password": [account.must_change_password, True]}
    if account.is_locked():
        changes["locked_until"] = [account.locked_until, None]
    with database.atomic():
        Account.update(password_hash=hash_password(password), must_change_password=True, failed_logins=0,
                       lock_count=0, locked_until=None, version=Account.version + 1, updated_at=utcnow(),
                       ).where(Account.id == account.id).execute()
        end_sessions(account, EndReason.PASSWORD)
        forget_failures(account)
        audit.record(actor, "user.password_reset", subject=account, changes=changes)
    return password


def block(actor, account):
    """'Blokkeren gebruiker': the user cannot sign in until unblocked; their sessions end at once.

    Returns False when the user was blocked already (nothing changes). Audited.
    """
    return _set_blocked(actor, account, True)


def unblock(actor, account):
    """'Deblokkeren gebruiker': the user may sign in again. False when they were not blocked."""
    return _set_blocked(actor, account, False)


def _set_blocked(actor, account, blocked):
    check_may_manage(actor, account)
    with database.atomic():
        # the WHERE on the old value makes a double click (or two admins at once) change it once
        changed = Account.update(blocked=blocked, block_reason="", version=Account.version + 1,
                                 updated_at=utcnow()).where(
            (Account.id == account.id) & (Account.blocked == (not blocked))).execute()
        account.blocked = blocked
        if not changed:
            return False
        account.version += 1
        if blocked:
            end_sessions(account, EndReason.BLOCKED)
        audit.record(actor, "user.blocked" if blocked else "user.unblocked", subject=account,
                     changes={"blocked": [not blocked, blocked]})
    return True


def unlock(actor, account):
    """Lift the lock-out after failed sign-ins ("vergrendeld tot ..."): the account's, and the locks
    of the clients it is locked for; every client's failures are forgotten. False when it was not
    locked in either way (nothing is recorded)."""
    if account.enterprise_id != getattr(actor.enterprise, "id", None):
        raise NotAllowed(NOT_YOURS)
    now = utcnow()
    with database.atomic():
        clients = [pair.client for pair in SignInFailure.locked_for(account, now)]
        forget_failures(account)
        changes = {}
        if clients:
            changes["locked_for_clients"] = [", ".join(clients), None]
        old = account.locked_until
        # as for blocking: the WHERE on the lock makes a double click lift it (and record it) once
        if account.is_locked(now) and Account.update(
                locked_until=None, failed_logins=0, lock_count=0, version=Account.version + 1,
                updated_at=utcnow()).where(
                (Account.id == account.id) & Account.locked_until.is_null(False)).execute():
            account.version += 1
            changes["locked_until"] = [old, None]
        account.locked_until, account.failed_logins = None, 0
        if not changes:
            return False
        audit.record(actor, "user.unlocked", subject=account, changes=changes)
    return True


@dataclass(frozen=True)
class ClientLock:
    """An account locked for some clients (SECURITY.md, "Lock-out"): how many, until when."""

    count: int
    until: object
    # when the first of the locks ends (the count goes down then)
    first_end: object = None


def client_locks(accounts, now=None):
    """{account id: ClientLock} for the accounts of `accounts` locked for one client or more (one
    query for a page of the list)."""
    return {account_id: ClientLock(count, until, first)
            for account_id, (count, until, first) in SignInFailure.locks_of(accounts, now).items()}


def first_lock_end(accounts, locks, now=None):
    """The first moment a lock shown among `accounts` (and their client `locks`, client_locks)
    ends, or None: what the list shows changes then, without any write."""
    now = now or utcnow()
    ends = [account.locked_until for account in accounts if account.is_locked(now)]
    ends += [lock.first_end for lock in locks.values()]
    return min(ends, default=None)


def locked_clients(account, now=None):
    """[(client, locked until)] the account is locked for now, for its page."""
    return [(pair.client, pair.locked_until) for pair in SignInFailure.locked_for(account, now)]


# -- delete -------------------------------------------------------------------------------------

def references_to(account):
    """What else refers to `account`, for the delete overview: [(label, count), ...], zeros left out."""
    counts = [(label, rows(account).count()) for label, rows in REFERENCES]
    return [(label, count) for label, count in counts if count]


def delete_user(actor, account):
    """'Verwijderen gebruiker': remove the account and its application rights; the audit log keeps
    a record under the user's name, and records that refer to them keep their name snapshot."""
    check_may_manage(actor, account)
    snapshot = {"username": account.username, "national_number": account.national_number,
                "email": account.email, "stts_profile": account.stts_profile,
                "applications": application_codes(account)}
    with database.atomic():
        audit.record(actor, "user.deleted", subject=account,
                     changes={name: [value, None] for name, value in snapshot.items() if value})
        # the foreign keys cascade too; said here so no session outlives its account on any database
        end_sessions(account, EndReason.DELETED)
        account.delete_instance()


# -- bulk block / unblock -----------------------------------------------------------------------

@dataclass
class BulkPlan:
    """What a bulk (un)block does: the accounts it changes, and those it skips with the reason."""

    block: bool
    changes: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (account, reason)


def plan_bulk(actor, accounts, block):
    """Split `accounts` into those a bulk block (or unblock) changes and those it skips, and why."""
    plan = BulkPlan(block=block)
    for account in accounts:
        try:
            check_may_manage(actor, account)
        except NotAllowed as refusal:
            plan.skipped.append((account, refusal.message))
            continue
        if account.blocked == block:
            plan.skipped.append((account, _l("Already blocked.") if block else _l("Not blocked.")))
        else:
            plan.changes.append(account)
    return plan


def apply_bulk(actor, accounts, block):
    """Block (or unblock) every account the rules allow, all or none; returns the plan as carried out."""
    plan = plan_bulk(actor, accounts, block)
    with database.atomic():
        for account in plan.changes:
            _set_blocked(actor, account, block)
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
    # blocked by the nightly job for inactivity (domain.inactivity)
    inactive: bool = False

    @property
    def is_empty(self):
        return not (search_key(self.name) or self.national_number_digits or self.blocked or self.applications
                    or self.inactive)

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
        name_key=criteria.name,
        national_number=criteria.national_number_digits,
        blocked=criteria.blocked,
        applications=applications,
        complementary=criteria.complementary,
        inactive=criteria.inactive,
    )
    return query.order_by(*Account.sorted_by(sort))


def list_users(enterprise, criteria, sort="name"):
    """search_users for a page of the list: only the columns its rows show."""
    return Account.listed(search_users(enterprise, criteria, sort))
