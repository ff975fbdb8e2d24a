"""Onboarding an operator: filing the access request, and the back office's handling of it.

The life of a request: submitted -> original_received -> credentials_issued -> completed (see
domain.first_login for the last step), or rejected while the back office has it.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.access_requests import AccessRequest, Capacity, ProvisionalCredential, RejectionReason, RequestStatus
from db.accounts import Account
from db.base import database
from db.clock import utcnow
from db.enterprises import Enterprise
from domain import audit, identifiers
from domain.passwords import generate_one_time_password, hash_password
from domain.refusals import Refused
from domain.tickets import new_ticket, normalize_ticket
from domain.usernames import new_provisional_username
from domain.working_days import working_days_since

# the manual: credentials within 5 working days after the RSZ received the signed form
PROMISED_WORKING_DAYS = 5
CREDENTIAL_LIFETIME = timedelta(days=30)

STATUS_NAMES = {
    RequestStatus.SUBMITTED: _l("Waiting for the signed original"),
    RequestStatus.ORIGINAL_RECEIVED: _l("Original received"),
    RequestStatus.REJECTED: _l("Rejected"),
    RequestStatus.CREDENTIALS_ISSUED: _l("Provisional credentials issued"),
    RequestStatus.COMPLETED: _l("Local administrator registered"),
}
CAPACITY_NAMES = {
    Capacity.EMPLOYEE: _l("employee"),
    Capacity.DIRECTOR: _l("director"),
    Capacity.MANAGER: _l("manager"),
    Capacity.PARTNER: _l("partner"),
}
REJECTION_REASON_NAMES = {
    RejectionReason.NOT_ORIGINAL: _l("The form is not the signed original (fax, photocopy or e-mail)"),
    RejectionReason.SIGNER_NOT_AUTHORISED: _l("The signer is not a director, manager or partner"),
    RejectionReason.MISSING_PUBLICATION: _l("The publication in the Belgian Official Gazette is missing"),
}
class OnboardingRefusal(Refused):
    """A step that the request's state or the data does not allow; each kind says why."""

    message = _l("This action is not possible here.")

    def __init__(self, field=None):
        super().__init__(type(self).message, field)


class EnterpriseMismatch(OnboardingRefusal):
    message = _l("This RSZ number and this enterprise number do not belong to the same enterprise.")


class AlreadyFiled(OnboardingRefusal):
    """The same form was posted twice: the first post filed `access_request`."""

    message = _l("This request was already registered.")

    status = 409

    def __init__(self, access_request):
        super().__init__()
        self.access_request = access_request


class WrongStatus(OnboardingRefusal):
    status = 409
    message = _l("This request is not in a state that allows this action. Its history shows what happened.")


class ReplacementNotRequested(OnboardingRefusal):
    status = 409
    message = _l("The enterprise has a local administrator, and this request does not ask to replace them.")


class NoEnterpriseNumber(OnboardingRefusal):
    message = _l("Give the RSZ number or the enterprise number (KBO) of your enterprise.")


class SignerNotAuthorised(OnboardingRefusal):
    message = _l("The responsible who signs must be a director, manager or partner.")


@dataclass
class IssuedCredentials:
    """What the letter shows: the credentials, and their password (shown once, never stored)."""

    credential: ProvisionalCredential
    password: str


# -- the public form --------------------------------------------------------------------------


def find_enterprise(kbo_number=None, rsz_number=None):
    """The known enterprise with these numbers, or None; EnterpriseMismatch if they point two ways."""
    by_kbo = Enterprise.get_or_none(Enterprise.kbo_number == kbo_number) if kbo_number else None
    by_rsz = Enterprise.get_or_none(Enterprise.rsz_number == rsz_number) if rsz_number else None
    if by_kbo and by_rsz and by_kbo.id != by_rsz.id:
        raise EnterpriseMismatch()
    enterprise = by_kbo or by_rsz
    if enterprise and _contradicts(enterprise, kbo_number, rsz_number):
        raise EnterpriseMismatch()
    return enterprise


def _contradicts(enterprise, kbo_number, rsz_number):
    # found by one number, while the enterprise is known under another value of the other
    return bool(
        (kbo_number and enterprise.kbo_number and enterprise.kbo_number != kbo_number)
        or (rsz_number and enterprise.rsz_number and enterprise.rsz_number != rsz_number)
    )


def asks_replacement(kbo_number=None, rsz_number=None):
    """True when the enterprise has a local admin: the form must ask 'Wilt u ... vervangen?'."""
    enterprise = find_enterprise(kbo_number, rsz_number)
    return enterprise is not None and Account.local_admin_of(enterprise) is not None


def file_access_request(fields, form_token, language):
    """File the request from the public form; `fields` are AccessRequest's data columns.

    The same `form_token` twice (a double click) raises AlreadyFiled with the first request.
    """
    existing = AccessRequest.by_form_token(form_token)
    if existing:
        raise AlreadyFiled(existing)
    if not (fields.get("kbo_number") or fields.get("rsz_number")):
        raise NoEnterpriseNumber()
    if fields.get("signer_capacity") not in Capacity.SIGNER:
        raise SignerNotAuthorised()
    enterprise = find_enterprise(fields.get("kbo_number"), fields.get("rsz_number"))
    # 'Wilt u uw huidige lokale beheerder vervangen?': without a yes, nothing is filed
    replaces = enterprise is not None and Account.local_admin_of(enterprise) is not None
    if replaces and not fields.get("replaces_local_admin"):
        raise ReplacementNotRequested()
    try:
        with database.atomic():
            access_request = AccessRequest.create(
                **{**fields, "replaces_local_admin": replaces},
                ticket=_unused_ticket(), enterprise=enterprise, language=language, form_token=form_token,
            )
            audit.record("access_request.filed", subject=access_request, actor=None, changes={
                "enterprise": access_request.enterprise_name, "kbo_number": access_request.kbo_number,
                "rsz_number": access_request.rsz_number, "replaces_local_admin": replaces,
            })
    except IntegrityError as error:
        # two posts of one form at the same instant: the other one won
        existing = AccessRequest.by_form_token(form_token)
        if existing:
            raise AlreadyFiled(existing) from error
        raise
    return access_request


def _unused_ticket():
    # 8.5e11 possible tickets: a second draw is already rare
    while True:
        ticket = new_ticket()
        if AccessRequest.by_ticket(ticket) is None:
            return ticket


# -- the back office --------------------------------------------------------------------------


# which step each status allows
RECEIVES_ORIGINAL = (RequestStatus.SUBMITTED,)
ISSUES_CREDENTIALS = (RequestStatus.ORIGINAL_RECEIVED, RequestStatus.CREDENTIALS_ISSUED)
REJECTABLE = RequestStatus.TO_HANDLE


def record_original_received(access_request, officer):
    """The signed original arrived: the request waits for provisional credentials."""
    _require_status(access_request, *RECEIVES_ORIGINAL)
    _decide(access_request, officer, RequestStatus.ORIGINAL_RECEIVED)
    audit.record("access_request.original_received", subject=access_request, actor=officer,
                 changes={"status": [RequestStatus.SUBMITTED, RequestStatus.ORIGINAL_RECEIVED]})


def reject(access_request, officer, reason, note=""):
    """Reject the request for `reason` (RejectionReason), with the officer's note; kept and audited."""
    if reason not in RejectionReason.ALL:
        raise ValueError(f"unknown rejection reason {reason!r}")
    _require_status(access_request, *REJECTABLE)
    before = access_request.status
    note = (note or "").strip() or None
    _decide(access_request, officer, RequestStatus.REJECTED, rejection_reason=reason, rejection_note=note)
    audit.record("access_request.rejected", subject=access_request, actor=officer, changes={
        "status": [before, RequestStatus.REJECTED], "reason": reason, "note": note,
    })


def _require_status(access_request, *statuses):
    if access_request.status not in statuses:
        raise WrongStatus()


def _decide(access_request, officer, status, **values):
    # only a request still in the state the officer saw changes: two officers, one decision
    changed = (
        AccessRequest.update(status=status, decided_at=utcnow(), decided_by=officer, **values)
        .where((AccessRequest.id == access_request.id) & (AccessRequest.status == access_request.status))
        .execute()
    )
    if not changed:
        raise WrongStatus()
    access_request.status = status
    for name, value in values.items():
        setattr(access_request, name, value)


def issue_credentials(access_request, officer):
    """Create the enterprise if it is new, and provisional credentials for its local admin to be.

    Issuing again (a lost letter, expired credentials) ends the credentials issued before.
    """
    _require_status(access_request, *ISSUES_CREDENTIALS)
    now = utcnow()
    with database.atomic():
        enterprise = _enterprise_of(access_request, officer)
        if _would_replace_unasked(access_request, enterprise):
            raise ReplacementNotRequested()
        ended = (ProvisionalCredential.update(expires_at=now)
                 .where((ProvisionalCredential.access_request == access_request)
                        & ProvisionalCredential.used_at.is_null()
                        & (ProvisionalCredential.expires_at > now))
                 .execute())
        password = generate_one_time_password()
        credential = ProvisionalCredential.create(
            access_request=access_request, username=_unused_provisional_username(),
            password_hash=hash_password(password), issued_at=now, expires_at=now + CREDENTIAL_LIFETIME,
        )
        before = access_request.status
        # compare-and-set: of two clicks on "issue", one issues and the other is refused
        changed = (AccessRequest.update(status=RequestStatus.CREDENTIALS_ISSUED, enterprise=enterprise)
                   .where((AccessRequest.id == access_request.id) & (AccessRequest.status == before))
                   .execute())
        if not changed:
            raise WrongStatus()
        access_request.status, access_request.enterprise = RequestStatus.CREDENTIALS_ISSUED, enterprise
        audit.record("access_request.credentials_issued", subject=access_request, actor=officer, changes={
            "status": [before, RequestStatus.CREDENTIALS_ISSUED], "username": credential.username,
            "expires_at": credential.expires_at, "previous_credentials_ended": ended,
        })
    return IssuedCredentials(credential, password)


def _enterprise_of(access_request, officer):
    enterprise = find_enterprise(access_request.kbo_number, access_request.rsz_number)
    if enterprise is None:
        enterprise = Enterprise.create(
            name=access_request.enterprise_name, kbo_number=access_request.kbo_number,
            rsz_number=access_request.rsz_number, language=access_request.language,
        )
        audit.record("enterprise.created", subject=enterprise, enterprise=enterprise, actor=officer,
                     changes={"name": enterprise.name, "access_request": access_request.ticket})
    return enterprise


def _would_replace_unasked(access_request, enterprise):
    current = Account.local_admin_of(enterprise)
    return (current is not None and not access_request.replaces_local_admin
            and current.national_number != access_request.admin_national_number)


def _unused_provisional_username():
    while True:
        username = new_provisional_username()
        if ProvisionalCredential.by_username(username) is None:
            return username


# -- reading ----------------------------------------------------------------------------------


def age_in_working_days(access_request, now=None):
    """Working days since the request was filed (Monday to Friday, without Belgian holidays)."""
    return working_days_since(access_request.submitted_at, now or utcnow())


def is_overdue(access_request, now=None):
    """Still with the back office after more than 5 working days."""
    return (access_request.status in RequestStatus.TO_HANDLE
            and age_in_working_days(access_request, now) > PROMISED_WORKING_DAYS)


def search_criteria(text):
    """What the officer typed: {'ticket': ...}, {'kbo_number': ...} or {'rsz_number': ...}; {} for nothing.

    ValueError when it is none of them.
    """
    if not (text or "").strip():
        return {}
    # an RSZ number first: python-stdnum would read 9 digits as a KBO number missing its leading 0
    parsers = (("rsz_number", identifiers.rsz_number), ("kbo_number", identifiers.enterprise_number))
    for name, parse in parsers:
        try:
            return {name: parse(text)}
        except identifiers.InvalidIdentifier:
            pass
    ticket = normalize_ticket(text)
    if ticket is None:
        raise ValueError(f"not a ticket or enterprise number: {text!r}")
    return {"ticket": ticket}
