"""From a record of a structured message to the domain: the one place that maps XML onto the very
functions the web forms call (domain.dossiers), and their refusals onto stable codes.

Each record type needs the function of the sender's STTS profile that the screen needs; its
elements become the same arguments the form gives; the dossier's current version is the one the
record acts on. No rule is checked here that the domain does not check for the screens too.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from db.dossiers import Dossier
from domain import dossiers, identifiers, languages, line_numbers, refusals
from domain.profiles import Function
from domain.refusals import Refused

FUNCTION_NOT_ALLOWED = _l("Your STTS profile does not allow this function.")
UNKNOWN_DOSSIER = _l("This dossier does not exist, or it is not your operator's.")
INVALID_DATE = _l("This is not a valid date.")


class RecordRefused(Exception):
    """The record is refused: the domain's Refused, and the dossier it named (if any)."""

    def __init__(self, refusal, dossier=None):
        super().__init__(refusal.message)
        self.refusal, self.dossier = refusal, dossier


@dataclass(frozen=True)
class Kind:
    function: str
    handle: object


def apply(actor, functions, record):
    """Apply one Record (domain.message_format) for `actor`, whose STTS profile grants `functions`:
    the dossier it touched, or RecordRefused."""
    kind = KINDS[record.kind]
    target = None
    try:
        if kind.function not in functions:
            raise Refused(FUNCTION_NOT_ALLOWED)
        if "dossierId" in record.values:
            target = _dossier(actor, record.values["dossierId"])
        return kind.handle(actor, record.values, target)
    except Refused as refusal:
        raise RecordRefused(refusal, target) from refusal


# -- the record types ------------------------------------------------------------------------------

def _request(actor, values, _dossier):
    request = dossiers.TariffRequest(
        national_number=values["nationalNumber"], last_name=values["lastName"],
        first_name=values["firstName"], street=values["street"], postcode=values["postcode"],
        city=values["city"], language=values["language"], category=values["category"],
        formula=values["formula"], customer_number=values.get("customerNumber"),
        line_number=values["lineNumber"], address_reason=values.get("addressReason"))
    return dossiers.request_tariff(actor, request)


def _transfer(actor, values, _dossier):
    return dossiers.transfer(actor, values["nationalNumber"], values["lineNumber"],
                             values.get("customerNumber"), values.get("formula") or None)


def _activate(actor, values, dossier):
    dossiers.activate(actor, dossier, _date(values["activatedOn"], "activated_on"), dossier.version)
    return dossier


# the elements of a modification, by the dossier's field they change
MODIFIED_FIELDS = {"street": "street", "postcode": "postcode", "city": "city", "language": "language",
                   "lineNumber": "line_number", "customerNumber": "customer_number", "formula": "formula",
                   "requestedOn": "requested_on", "activatedOn": "activated_on",
                   "firstInvoiceOn": "first_invoice_on", "addressReason": "address_reason"}
_DATES = ("requested_on", "activated_on", "first_invoice_on")


def _modify(actor, values, dossier):
    changes = {field: values[element] for element, field in MODIFIED_FIELDS.items() if element in values}
    for field in _DATES:
        if field in changes:
            changes[field] = _date(changes[field], field) if changes[field] else None
    dossiers.modify(actor, dossier, changes, dossier.version)
    return dossier


def _stop_reduction(actor, values, dossier):
    dossiers.stop_reduction(actor, dossier, values["reason"], _date(values["endDate"], "ended_on"),
                            dossier.version, values.get("reasonText"))
    return dossier


def _stop_tariff(actor, values, dossier):
    dossiers.stop_tariff(actor, dossier, values["reason"], _date(values["endDate"], "ended_on"),
                         dossier.version, values.get("reasonText"))
    return dossier


def _cancel(actor, _values, dossier):
    dossiers.cancel_last_action(actor, dossier, dossier.version)
    return dossier


KINDS = {
    "request": Kind(Function.REQUEST, _request),
    "transfer": Kind(Function.TRANSFER, _transfer),
    # the operator records the activation as part of "Wijziging van een dossier", as on the screens
    "activation": Kind(Function.MODIFY, _activate),
    "modification": Kind(Function.MODIFY, _modify),
    "stopReduction": Kind(Function.STOP, _stop_reduction),
    "stopTariff": Kind(Function.STOP, _stop_tariff),
    "cancel": Kind(Function.CANCEL_ACTION, _cancel),
}


def _dossier(actor, dossier_id):
    """The operator's dossier with this id; another operator's is unknown, as on the screens."""
    found = Dossier.of_operator(actor.enterprise).where(Dossier.id == int(dossier_id)).first()
    if found is None:
        raise Refused(UNKNOWN_DOSSIER, "dossier_id")
    return found


def _date(text, field):
    # xs:date may carry a time zone, and years Python has no date for
    try:
        return date.fromisoformat(text[:10] if len(text) >= 10 and text[4] == "-" else text)
    except ValueError as error:
        raise Refused(INVALID_DATE, field) from error


# -- refusals as stable codes ----------------------------------------------------------------------

def _codes():
    named = {
        dossiers.EXISTS_HERE: "DOSSIER_EXISTS_HERE",
        dossiers.EXISTS_ELSEWHERE: "DOSSIER_EXISTS_ELSEWHERE",
        dossiers.UNKNOWN_PERSON: "UNKNOWN_PERSON",
        dossiers.DECEASED: "DECEASED",
        dossiers.NOT_CONFIRMED: "CATEGORY_NOT_CONFIRMED",
        dossiers.SOURCE_UNAVAILABLE: "SOURCE_UNAVAILABLE",
        dossiers.AWAITING_ACTIVATION: "AWAITING_ACTIVATION",
        dossiers.AWAITING_DECISION: "AWAITING_DECISION",
        dossiers.CLOSED: "DOSSIER_CLOSED",
        dossiers.NOT_AWAITING: "NOT_AWAITING_ACTIVATION",
        dossiers.NOT_ACTIVE: "NOT_ACTIVE",
        dossiers.ALREADY_HERE: "TARIFF_ALREADY_HERE",
        dossiers.NO_TARIFF: "NO_TARIFF_ELSEWHERE",
        dossiers.NOTHING_TO_CANCEL: "NOTHING_TO_CANCEL",
        dossiers.TOO_LATE: "CANCEL_TOO_LATE",
        dossiers.ACTIVATION_BEFORE_REQUEST: "ACTIVATION_BEFORE_REQUEST",
        dossiers.INVOICE_BEFORE_ACTIVATION: "INVOICE_BEFORE_ACTIVATION",
        dossiers.END_BEFORE_START: "END_BEFORE_START",
        dossiers.UNKNOWN_REASON: "UNKNOWN_STOP_REASON",
        dossiers.BAD_POSTCODE: "INVALID_POSTCODE",
        dossiers.NOT_A_CODE: "UNKNOWN_CODE",
        dossiers.REQUEST_IN_FUTURE: "REQUEST_DATE_IN_FUTURE",
        dossiers.REQUEST_BEFORE_REGIME: "REQUEST_DATE_BEFORE_REGIME",
        dossiers.ACTIVATION_IN_FUTURE: "ACTIVATION_DATE_IN_FUTURE",
        dossiers.LINE_TAKEN: "LINE_NUMBER_TAKEN",
        dossiers.STOP_SCHEDULED: "STOP_SCHEDULED",
        dossiers.REASON_TEXT_MISSING: "MISSING_REASON_TEXT",
        dossiers.ADDRESS_REASON_MISSING: "MISSING_ADDRESS_REASON",
        identifiers.INVALID_NATIONAL_NUMBER: "INVALID_NATIONAL_NUMBER",
        line_numbers.BAD_LINE: "INVALID_LINE_NUMBER",
        languages.UNAVAILABLE: "UNKNOWN_LANGUAGE",
        refusals.STALE_DATA: "STALE_DATA",
        FUNCTION_NOT_ALLOWED: "FUNCTION_NOT_ALLOWED",
        UNKNOWN_DOSSIER: "UNKNOWN_DOSSIER",
        INVALID_DATE: "INVALID_DATE",
    }
    named.update({message: f"MISSING_{field.upper()}" for field, message in dossiers.MISSING.items()})
    # by the constant itself: a refusal keeps the message object it was raised with
    return {id(message): code for message, code in named.items()}


CODES = _codes()
# a refusal this module has no code for yet (a new rule): its field says what it is about
REFUSED = "REFUSED"
# a record the code could not process (a bug, logged): the other records go on
INTERNAL_ERROR = "INTERNAL_ERROR"


def code_of(refusal):
    """The stable code of a domain refusal (REFUSED for one without a code of its own)."""
    return CODES.get(id(refusal.message), REFUSED)


# the dossier's fields as the record's elements name them (the acknowledgement's `field`)
ELEMENT_OF_FIELD = {**{field: element for element, field in MODIFIED_FIELDS.items()},
                    "national_number": "nationalNumber", "last_name": "lastName", "first_name": "firstName",
                    "category": "category", "ended_on": "endDate", "reason": "reason", "note": "reasonText",
                    "dossier_id": "dossierId"}


def element_of(field):
    """The record's element a refusal's field is about ('' when it is about the record as a whole)."""
    return ELEMENT_OF_FIELD.get(field, field) if field else ""
