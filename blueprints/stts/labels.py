"""How a dossier's fields are named and its values shown on screen (the manual's Dutch)."""

from datetime import date

from flask_babel import lazy_gettext as _l

from db.dossiers import Category, Formula, RefusalReason, Status, StopKind, StopReason
from domain import formats
from domain.identifiers import format_national_number
from domain.line_numbers import format_line_number
from web.i18n import LANGUAGE_NAMES

FIELD = {
    "national_number": _l("National register number"),
    "last_name": _l("Last name"),
    "first_name": _l("First name"),
    "street": _l("Street and number"),
    "postcode": _l("Postcode"),
    "city": _l("Municipality"),
    "language": _l("Correspondence language"),
    "category": _l("Category"),
    "formula": _l("Formula"),
    "customer_number": _l("Customer number"),
    "line_number": _l("Line number (fixed or mobile)"),
    "requested_on": _l("Request date"),
    "activated_on": _l("Activation date"),
    "first_invoice_on": _l("First invoice date"),
    "ended_on": _l("End date"),
    "status": _l("Status"),
    "stop_kind": _l("Stop"),
    "stop_reason": _l("Reason for the stop"),
    "stop_note": _l("The other reason"),
    "address_reason": _l("Reason for correcting the address"),
    "refusal_reason": _l("Reason for the refusal"),
}
# the fields whose values are codes of a code set
_CODES = {"status": Status, "category": Category, "formula": Formula, "stop_reason": StopReason,
          "stop_kind": StopKind,
          "refusal_reason": RefusalReason}
_DATES = {"requested_on", "activated_on", "first_invoice_on", "ended_on"}


def show(field, value):
    """A dossier value as people read it: a code's name, a formatted date, number or line."""
    if value is None or value == "":
        return "–"
    if field in _CODES:
        return _CODES[field].label_of(value)
    if field == "language":
        return LANGUAGE_NAMES.get(value, value)
    if field in _DATES:
        return formats.day(value if isinstance(value, date) else date.fromisoformat(value))
    if field == "line_number":
        return format_line_number(value)
    if field == "national_number":
        return format_national_number(value)
    return value
