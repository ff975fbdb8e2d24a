"""The first login: provisional credentials open 'Maak een lokale beheerder', once.

Completing it makes the local admin's own account; for a replacement, the enterprise's previous
local admin loses the role at that moment.
"""

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.access_requests import AccessRequest, ProvisionalCredential, RequestStatus
from db.accounts import Account, Role
from db.base import database
from db.clock import utcnow
from domain import audit, free_text
from domain.accounts import end_sessions
from domain.actors import Actor
from domain.auth import is_usable
from domain.emails import check_email
from domain.onboarding import REPLACEMENT_NOT_REQUESTED
from domain.passwords import check_password, hash_password
from domain.refusals import Refused, StaleData
from domain.sessions import EndReason
from domain.usernames import TAKEN as TAKEN_USERNAME
from domain.users import check_new_username

NO_LONGER_VALID = _l("Your provisional credentials are no longer valid. Sign in again.")


def usable_credential(credential_id):
    """The credentials with this id if they may still be used, else None."""
    credential = ProvisionalCredential.get_or_none(ProvisionalCredential.id == credential_id)
    return credential if credential is not None and is_usable(credential) else None


def existing_account(access_request):
    """The account the local admin to be already has in the enterprise (same national number), or None.

    Such a person keeps their username: their account becomes the local admin's.
    """
    return (Account.of_enterprise(access_request.enterprise)
            .where(Account.national_number == access_request.admin_national_number)
            .first())


def complete_local_admin(actor, credential, *, password, first_name, last_name, email, language,
                         username=None):
    """'Maak een lokale beheerder': the local admin's own account, made with the provisional credentials.

    `actor` is the visitor signed in with the credentials; from then on the new local admin acts.
    `username` is for a new account (a person who has an account keeps its username). The
    credentials are spent; a replaced local admin becomes a plain user and is signed out everywhere.
    """
    email = check_email(email)
    first_name = free_text.single_line(first_name, "first_name")
    last_name = free_text.single_line(last_name, "last_name")
    existing = existing_account(credential.access_request)
    if existing is None:
        username = check_new_username(username)
    # the password must not lean on the username the person signs in with, chosen or kept
    personal = [existing.username if existing else username, first_name, last_name,
                credential.access_request.enterprise_name]
    check_password(password, personal)
    try:
        with database.atomic():
            access_request = _spend(credential)
            previous = Account.local_admin_of(access_request.enterprise)
            admin = _admin_account(actor, access_request, username, password, first_name, last_name, email,
                                   language)
            acting = Actor.person(admin, actor.address)
            replaced = previous if previous is not None and previous.id != admin.id else None
            if replaced is not None:
                if not access_request.replaces_local_admin:
                    raise StaleData(REPLACEMENT_NOT_REQUESTED)
                _demote(acting, replaced)
            AccessRequest.update(status=RequestStatus.COMPLETED).where(
                AccessRequest.id == access_request.id).execute()
            audit.record(acting, "access_request.completed", subject=access_request, changes={
                "status": [RequestStatus.CREDENTIALS_ISSUED, RequestStatus.COMPLETED],
                "local_admin": admin.username,
                "replaced_local_admin": replaced.username if replaced else None,
            })
    except IntegrityError as error:
        # someone took the username a moment ago
        raise Refused(TAKEN_USERNAME, "username") from error
    return admin


def _spend(credential):
    """Mark the credentials used (once) and return their request, read afresh."""
    fresh = usable_credential(credential.id)
    # compare-and-set: of a double click, or two browsers, one completes and the other is refused
    spent = fresh is not None and (
        ProvisionalCredential.update(used_at=utcnow())
        .where((ProvisionalCredential.id == credential.id) & ProvisionalCredential.used_at.is_null())
        .execute()
    )
    if not spent:
        raise StaleData(NO_LONGER_VALID)
    return fresh.access_request


def _admin_account(actor, access_request, username, password, first_name, last_name, email, language):
    account = existing_account(access_request) or Account(
        enterprise=access_request.enterprise, username=username,
        national_number=access_request.admin_national_number)
    before = {"role": account.role, "first_name": account.first_name, "last_name": account.last_name,
              "email": account.email, "blocked": account.blocked} if account.id else {}
    account.role = Role.LOCAL_ADMIN
    account.first_name, account.last_name = first_name, last_name
    account.email, account.language = email, language
    account.password_hash = hash_password(password)
    # a person who had an account (e.g. a local admin who lost the password) gets it back unlocked
    account.blocked, account.failed_logins, account.locked_until = False, 0, None
    account.must_change_password = False
    account.updated_at = utcnow()
    if not account.id:
        account.save()
        audit.record(Actor.person(account, actor.address), "account.created", subject=account, changes={
            "username": account.username, "role": Role.LOCAL_ADMIN, "access_request": access_request.ticket})
        return account
    account.version += 1
    account.save()
    end_sessions(account, EndReason.ROLE)
    after = {key: getattr(account, key) for key in before}
    audit.record(Actor.person(account, actor.address), "account.became_local_admin", subject=account,
                 changes={**audit.changes_between(before, after), "access_request": access_request.ticket})
    return account


def _demote(actor, previous):
    """The previous local admin stays, as a plain user of the enterprise, signed out everywhere."""
    Account.update(role=Role.USER, updated_at=utcnow(), version=Account.version + 1).where(
        Account.id == previous.id).execute()
    end_sessions(previous, EndReason.ROLE)
    audit.record(actor, "account.local_admin_replaced", subject=previous,
                 changes={"role": [Role.LOCAL_ADMIN, Role.USER], "new_local_admin": actor.account.username})
