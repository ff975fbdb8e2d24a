"""What the codes of a dossier are called on screen, in the user's language (the manual's Dutch)."""

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from db.dossiers import Category, Formula, Status, StopReason, TaskKind, TaskStatus
from domain.dossiers import REFUSAL_REASONS
from domain.identifiers import format_national_number
from domain.line_numbers import format_line_number
from web.i18n import LANGUAGE_NAMES

STATUS = {
    Status.REQUESTED: _l("requested"),
    Status.AWAITING_ACTIVATION: _l("awaiting activation"),
    Status.ACTIVE: _l("active"),
    Status.STOPPED: _l("stopped"),
    Status.REFUSED: _l("refused"),
    Status.TRANSFERRED: _l("transferred"),
}
CATEGORY = {
    Category.AGE_65: _l("65 years or older"),
    Category.DISABILITY: _l("Recognised disability of at least 66%, 18 years or older"),
    Category.LEEFLOON: _l("Recipient of the leefloon (living wage)"),
    Category.HEARING: _l("Hearing loss of at least 70 dB, or laryngectomy"),
    Category.WAR_BLIND: _l("Military war-blind"),
}
FORMULA = {
    Formula.FIXED: _l("Fixed telephony"),
    Formula.MOBILE: _l("Mobile telephony"),
    Formula.INTERNET: _l("Internet"),
}
STOP_REASON = {
    StopReason.CUSTOMER_REQUEST: _l("At the customer's request"),
    StopReason.NOT_ELIGIBLE: _l("No longer eligible"),
    StopReason.DEATH: _l("Death"),
    StopReason.MOVE: _l("Move"),
    StopReason.OPERATOR_CHANGE: _l("Change of operator"),
    StopReason.OTHER: _l("Other"),
}
TASK_KIND = {
    TaskKind.MISSING_DATA: _l("Enter missing data"),
    TaskKind.CLOSE_DOSSIER: _l("Close dossier"),
    TaskKind.END_REDUCTION: _l("Terminate reduction"),
}
TASK_STATUS = {TaskStatus.OPEN: _l("open"), TaskStatus.HANDLED: _l("handled")}
REFUSAL = {code: message for code, (message, _field) in REFUSAL_REASONS.items()}

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
    "stop_reason": _l("Reason for the stop"),
    "refusal_reason": _l("Reason for the refusal"),
}
_CODES = {"status": STATUS, "category": CATEGORY, "formula": FORMULA, "stop_reason": STOP_REASON,
          "refusal_reason": REFUSAL, "language": LANGUAGE_NAMES}
_DATES = {"requested_on", "activated_on", "first_invoice_on", "ended_on"}


def show(field, value):
    """A dossier value as people read it: a code's name, a formatted date, number or line."""
    if value is None or value == "":
        return "–"
    if field in _CODES:
        return _CODES[field].get(value, value)
    if field in _DATES:
        return format_date(value if isinstance(value, date) else date.fromisoformat(value))
    if field == "line_number":
        return format_line_number(value)
    if field == "national_number":
        return format_national_number(value)
    return value


def template_context():
    """What the STTS templates use to name codes (see blueprints.stts.routes)."""
    return {"show": show, "FIELD": FIELD, "TASK_KIND": TASK_KIND,
            "TASK_STATUS": TASK_STATUS}
