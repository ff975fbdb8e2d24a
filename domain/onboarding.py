"""Onboarding an operator: filing the access request, and the back office's handling of it.

The life of a request: submitted -> original_received -> credentials_issued -> completed (see
domain.first_login for the last step), or rejected while the back office has it.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.access_requests import AccessRequest, Capacity, ProvisionalCredential, RejectionReason, RequestStatus
from db.accounts import Account
from db.base import database
from db.clock import utcnow
from db.enterprises import Enterprise
from domain import audit, form_tokens, free_text, identifiers
from domain.message_format import said
from domain.passwords import generate_one_time_password, hash_password
from domain.refusals import Refused, StaleData
from domain.tickets import new_ticket, normalize_ticket
from domain.usernames import new_provisional_username
from domain.working_days import working_days_since

# the manual: credentials within 5 working days after the RSZ received the signed form
PROMISED_WORKING_DAYS = 5
CREDENTIAL_LIFETIME = timedelta(days=30)

ENTERPRISE_MISMATCH = _l("This RSZ number and this enterprise number do not belong to the same enterprise.")
ALREADY_ISSUED = _l("Provisional credentials were issued for this request just now (a second click, or "
                    "another officer): no new ones were made. The history shows them.")
WRONG_STATUS = _l("This request is not in a state that allows this action. Its history shows what happened.")
REPLACEMENT_NOT_REQUESTED = _l("The enterprise has a local administrator, and this request does not ask to "
                               "replace them.")
NO_ENTERPRISE_NUMBER = _l("Give the RSZ number or the enterprise number (KBO) of your enterprise.")
SIGNER_NOT_AUTHORISED = _l("The responsible who signs must be a director, manager or partner.")
# the enterprise's postal address, where the letter with the provisional credentials goes
POSTAL_ADDRESS_MISSING = {
    "street": _l("Enter the street and number."),
    "postcode": _l("Enter the postcode."),
    "city": _l("Enter the municipality."),
}
BAD_POSTCODE = _l("A Belgian postcode has 4 digits (e.g. 2000).")
UNKNOWN_REJECTION_REASON = _l("Choose one of the reasons listed.")
# one request at a time per enterprise: a second one would only wait beside the first (SECURITY.md)
ALREADY_PENDING = _l("An access request for this enterprise is already being handled (ticket %(ticket)s). "
                     "Follow it up with that ticket number; to change it, ask the Social Security back "
                     "office to reject it first.")
NOT_A_QUEUE_SEARCH = _l("Enter a ticket number (like STTS-7K2M-9QXD), an enterprise number or an RSZ number.")


# the request's names and contact data: one line of plain text each (domain.free_text)
SINGLE_LINE_FIELDS = ("enterprise_name", "street", "city", "admin_last_name", "admin_first_name",
                      "admin_email", "admin_phone",
                      "signer_last_name", "signer_first_name", "signer_email", "signer_phone")


@dataclass
class IssuedCredentials:
    """What the letter shows: the credentials, and their password (shown once, never stored)."""

    credential: ProvisionalCredential
    password: str


# -- the public form --------------------------------------------------------------------------


def find_enterprise(kbo_number=None, rsz_number=None):
    """The known enterprise with these numbers, or None; Refused if they point two ways."""
    by_kbo = Enterprise.get_or_none(Enterprise.kbo_number == kbo_number) if kbo_number else None
    by_rsz = Enterprise.get_or_none(Enterprise.rsz_number == rsz_number) if rsz_number else None
    if by_kbo and by_rsz and by_kbo.id != by_rsz.id:
        raise Refused(ENTERPRISE_MISMATCH)
    enterprise = by_kbo or by_rsz
    if enterprise and _contradicts(enterprise, kbo_number, rsz_number):
        raise Refused(ENTERPRISE_MISMATCH)
    return enterprise


def check_same_enterprise(kbo_number, *, rsz_number):
    """`kbo_number` when it and `rsz_number` do not name two different known enterprises; else Refused."""
    find_enterprise(kbo_number, rsz_number)
    return kbo_number


def _contradicts(enterprise, kbo_number, rsz_number):
    # found by one number, while the enterprise is known under another value of the other
    return bool(
        (kbo_number and enterprise.kbo_number and enterprise.kbo_number != kbo_number)
        or (rsz_number and enterprise.rsz_number and enterprise.rsz_number != rsz_number)
    )


def check_no_pending_request(number, *, kind):
    """`number` (a KBO number for `kind` 'kbo_number', an RSZ number for 'rsz_number') when no
    request for that enterprise is still on its way; else Refused with the first one's ticket."""
    first = AccessRequest.pending_for(**{kind: number}).first()
    if first is not None:
        raise Refused(said(ALREADY_PENDING, ticket=first.ticket), kind)
    return number


def check_postcode(value):
    """The 4 digits of a Belgian postcode (spaces around them dropped), or Refused."""
    value = (value or "").strip()
    if not re.fullmatch(r"[1-9][0-9]{3}", value):
        raise Refused(BAD_POSTCODE, "postcode")
    return value


def asks_replacement(kbo_number=None, rsz_number=None):
    """True when the enterprise has a local admin: the form must ask 'Wilt u ... vervangen?'."""
    enterprise = find_enterprise(kbo_number, rsz_number)
    return enterprise is not None and Account.local_admin_of(enterprise) is not None


def file_access_request(actor, fields, form_token, language):
    """File the request from the public form; `fields` are AccessRequest's data columns.

    Returns (access request, created): the same `form_token` twice (a double click) returns the
    request the first one filed, and files nothing.
    """
    existing = AccessRequest.by_form_token(form_token)
    if existing:
        return existing, False
    free_text.refuse_hostile(fields, single=SINGLE_LINE_FIELDS)
    if not (fields.get("kbo_number") or fields.get("rsz_number")):
        raise Refused(NO_ENTERPRISE_NUMBER)
    for name, missing in POSTAL_ADDRESS_MISSING.items():
        if not (fields.get(name) or "").strip():
            raise Refused(missing, name)
    check_postcode(fields["postcode"])
    if fields.get("signer_capacity") not in Capacity.signers():
        raise Refused(SIGNER_NOT_AUTHORISED, "signer_capacity")
    for kind in ("rsz_number", "kbo_number"):
        if fields.get(kind):
            check_no_pending_request(fields[kind], kind=kind)
    enterprise = find_enterprise(fields.get("kbo_number"), fields.get("rsz_number"))
    # 'Wilt u uw huidige lokale beheerder vervangen?': without a yes, nothing is filed
    replaces = enterprise is not None and Account.local_admin_of(enterprise) is not None
    if replaces and not fields.get("replaces_local_admin"):
        raise StaleData(REPLACEMENT_NOT_REQUESTED)
    try:
        with database.atomic():
            access_request = AccessRequest.create(
                **{**fields, "replaces_local_admin": replaces},
                ticket=_unused_ticket(), enterprise=enterprise, language=language, form_token=form_token,
            )
            audit.record(actor, "access_request.filed", subject=access_request, changes={
                "enterprise": access_request.enterprise_name, "kbo_number": access_request.kbo_number,
                "rsz_number": access_request.rsz_number, "replaces_local_admin": replaces,
            })
    except IntegrityError:
        # two posts of one form at the same instant: the other one won
        existing = AccessRequest.by_form_token(form_token)
        if existing:
            return existing, False
        raise
    return access_request, True


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
REJECTABLE = RequestStatus.to_handle()


def record_original_received(actor, access_request):
    """The signed original arrived: the request waits for provisional credentials."""
    _require_status(access_request, RECEIVES_ORIGINAL)
    with database.atomic():
        _decide(actor, access_request, RequestStatus.ORIGINAL_RECEIVED)
        audit.record(actor, "access_request.original_received", subject=access_request,
                     changes={"status": [RequestStatus.SUBMITTED, RequestStatus.ORIGINAL_RECEIVED]})


def check_rejection(access_request, reason, note=""):
    """(reason, note) as rejecting the request would keep them, or Refused: what the confirmation
    page shows before the officer rejects, nothing changed yet."""
    if reason not in RejectionReason:
        raise Refused(UNKNOWN_REJECTION_REASON, "reason")
    _require_status(access_request, REJECTABLE)
    return reason, free_text.multi_line((note or "").strip(), "note") or None


def reject(actor, access_request, reason, note=""):
    """Reject the request for `reason` (RejectionReason), with the officer's note; kept and audited."""
    reason, note = check_rejection(access_request, reason, note)
    before = access_request.status
    with database.atomic():
        _decide(actor, access_request, RequestStatus.REJECTED, rejection_reason=reason, rejection_note=note)
        audit.record(actor, "access_request.rejected", subject=access_request, changes={
            "status": [before, RequestStatus.REJECTED], "reason": reason, "note": note,
        })


def _require_status(access_request, statuses):
    if access_request.status not in statuses:
        raise StaleData(WRONG_STATUS)


def _decide(actor, access_request, status, **values):
    # only a request still in the state the officer saw changes: two officers, one decision
    changed = (
        AccessRequest.update(status=status, decided_at=utcnow(), decided_by=actor.account, **values)
        .where((AccessRequest.id == access_request.id) & (AccessRequest.status == access_request.status))
        .execute()
    )
    if not changed:
        raise StaleData(WRONG_STATUS)
    access_request.status = status
    for name, value in values.items():
        setattr(access_request, name, value)


def issue_credentials(actor, access_request, replaces=None, form_token=None):
    """Create the enterprise if it is new, and provisional credentials for its local admin to be.

    Issuing again (a lost letter, expired credentials) ends the credentials issued before;
    `replaces` is the id of the credentials the officer saw (None: none yet). Credentials issued
    since (another officer, another window) are StaleData: the second click issues nothing. The
    same `form_token` posted again (a double click) issues nothing and returns the first
    IssuedCredentials, so its letter shows (domain.form_tokens).
    """
    return form_tokens.once(
        actor, form_token, f"access_request.credentials:{access_request.id}",
        lambda: _issue_credentials(actor, access_request, replaces),
        keep=lambda issued: {"credential": issued.credential.id, "password": issued.password},
        again=_issued_before)


def _issued_before(kept):
    credential = ProvisionalCredential.get_or_none(ProvisionalCredential.id == kept["credential"])
    if credential is None:
        raise form_tokens.SentAlready()
    return IssuedCredentials(credential, kept["password"])


def _issue_credentials(actor, access_request, replaces):
    _require_status(access_request, ISSUES_CREDENTIALS)
    now = utcnow()
    with database.atomic():
        # the request's row first: SQLite holds the write lock since BEGIN IMMEDIATE, PostgreSQL
        # locks the row here, so a second click waits for the first to commit and then sees it
        locked = (AccessRequest.update(status=AccessRequest.status)
                  .where(AccessRequest.id == access_request.id).execute())
        latest = access_request.latest_credential()
        if not locked or (latest.id if latest else None) != replaces:
            raise StaleData(ALREADY_ISSUED)
        enterprise = _enterprise_of(actor, access_request)
        if _would_replace_unasked(access_request, enterprise):
            raise StaleData(REPLACEMENT_NOT_REQUESTED)
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
            raise StaleData(WRONG_STATUS)
        access_request.status, access_request.enterprise = RequestStatus.CREDENTIALS_ISSUED, enterprise
        audit.record(actor, "access_request.credentials_issued", subject=access_request, changes={
            "status": [before, RequestStatus.CREDENTIALS_ISSUED], "username": credential.username,
            "expires_at": credential.expires_at, "previous_credentials_ended": ended,
        })
    return IssuedCredentials(credential, password)


def _enterprise_of(actor, access_request):
    enterprise = find_enterprise(access_request.kbo_number, access_request.rsz_number)
    if enterprise is None:
        enterprise = Enterprise.create(
            name=access_request.enterprise_name, kbo_number=access_request.kbo_number,
            rsz_number=access_request.rsz_number, language=access_request.language,
        )
        audit.record(actor, "enterprise.created", subject=enterprise, enterprise=enterprise,
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
    return (access_request.status in RequestStatus.to_handle()
            and age_in_working_days(access_request, now) > PROMISED_WORKING_DAYS)


def search_criteria(text):
    """What the officer typed: {'ticket': ...}, {'kbo_number': ...} or {'rsz_number': ...}; {} for nothing.

    Refused (next to the search field `q`) when it is none of them.
    """
    if not (text or "").strip():
        return {}
    # an RSZ number first: python-stdnum would read 9 digits as a KBO number missing its leading 0
    parsers = (("rsz_number", identifiers.rsz_number), ("kbo_number", identifiers.enterprise_number))
    for name, parse in parsers:
        try:
            return {name: parse(text)}
        except Refused:
            pass
    ticket = normalize_ticket(text)
    if ticket is None:
        raise Refused(NOT_A_QUEUE_SEARCH, "q")
    return {"ticket": ticket}
