"""The social-tariff dossier: one plain function per action, for the web screens and the XML channel.

Every action checks the rules, changes the dossier, writes a step of its history (DossierAction)
and an audit event -- or raises Refused with the reason in the user's language and changes nothing.
Callers fetch the dossier through a query scoped to their operator; the household rule and a
transfer look across every operator, and never tell which operator holds a tariff.
"""

import json
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.base import database
from db.clock import utcnow
from db.dossiers import (
    ActionKind,
    Category,
    Dossier,
    DossierAction,
    Formula,
    RefusalReason,
    Status,
    StopKind,
    StopReason,
    TaskKind,
)
from db.text import search_key
from domain import audit, free_text, identifiers
from domain.eligibility import EligibilitySourceUnavailable
from domain.languages import check_language
from domain.line_numbers import line_number, line_number_prefix
from domain.lookups import look_up
from domain.refusals import Refused, StaleData
from domain.tasks import close_tasks_caused_by, missing_fields, open_task
from domain.versions import update_if_current
from domain.working_days import local_date

CANCEL_WINDOW = timedelta(days=30)
# the social telephone tariff as the regulator keeps it: the Law of 13 June 2005 on electronic
# communications (art. 74 and its annex), in force since 30 June 2005; no request is older
REGIME_START = date(2005, 6, 30)

UNKNOWN_PERSON = RefusalReason.UNKNOWN_PERSON.label
DECEASED = RefusalReason.DECEASED.label
NOT_CONFIRMED = RefusalReason.NOT_CONFIRMED.label
EXISTS_HERE = _l("Dossier already exists: this household already has a social tariff at your operator.")
EXISTS_ELSEWHERE = RefusalReason.HOUSEHOLD.label
SOURCE_UNAVAILABLE = _l("The Crossroads Bank for Social Security does not answer. Try again later.")
AWAITING_ACTIVATION = _l("The dossier is awaiting activation.")
AWAITING_DECISION = _l("The dossier is awaiting the decision on the applicant's eligibility.")
CLOSED = _l("Wrong action: this dossier is closed.")
NOT_AWAITING = _l("Wrong action: only a dossier awaiting activation can be activated.")
NOT_ACTIVE = _l("Wrong action: only an active dossier has an activation and a first invoice date.")
ALREADY_HERE = _l("Wrong action: this social tariff is already at your operator.")
NO_TARIFF = _l("No active social tariff was found at another operator for this national register number "
               "and line number.")
NOTHING_TO_CANCEL = _l("Wrong action: the last action of this dossier cannot be cancelled.")
TOO_LATE = _l("The last action is more than 30 days old and can no longer be cancelled.")
ACTIVATION_BEFORE_REQUEST = _l("The activation date cannot be before the request date.")
INVOICE_BEFORE_ACTIVATION = _l("The first invoice date cannot be before the activation date.")
END_BEFORE_START = _l("The end date cannot be before the activation date (or the request date).")
REQUEST_IN_FUTURE = _l("The request date cannot be in the future.")
REQUEST_BEFORE_REGIME = _l("The request date cannot be before 30 June 2005, the start of the social "
                           "telephone tariff.")
ACTIVATION_IN_FUTURE = _l("An activation is a fact that happened: the activation date cannot be in the "
                          "future.")
STOP_SCHEDULED = _l("A stop of this social telephone tariff is scheduled: it cannot be taken over before "
                    "its end date, unless the stop is cancelled.")
LINE_TAKEN = _l("This line number already has a social telephone tariff (another open dossier).")
UNKNOWN_REASON = _l("Choose a reason.")
# the user search's words for the same mistake
SEARCH_BAD_NATIONAL_NUMBER = _l("Type the national register number with digits only (dots, dashes and spaces "
                                "may stay).")
SEARCH_BAD_LINE = _l("Type the line number with digits only (a leading +, dots, dashes, brackets and spaces "
                     "may stay).")
ADDRESS_REASON_MISSING = _l("The address comes from the National Register: say why you correct it.")
REASON_TEXT_MISSING = _l("Say what the other reason is.")
# a dossier's fields as typed (see _checked)
MISSING = {
    "national_number": _l("Enter the national register number."),
    "last_name": _l("Enter the last name."),
    "first_name": _l("Enter the first name."),
    "street": _l("Enter the street and number."),
    "postcode": _l("Enter the postcode."),
    "city": _l("Enter the municipality."),
    "language": _l("Choose the correspondence language."),
    "category": _l("Choose the category."),
    "formula": _l("Choose the formula."),
    "customer_number": _l("Enter the customer number."),
    "line_number": _l("Enter the line number."),
    "requested_on": _l("Enter the request date."),
    "activated_on": _l("Enter the activation date."),
    "ended_on": _l("Enter the end date."),
}
BAD_POSTCODE = _l("A Belgian postcode has 4 digits (e.g. 2000).")
NOT_A_CODE = _l("This is not one of the possible values.")
TOO_LONG = _l("At most %(max)d characters.")

# the field each refusal of the eligibility source is about
REFUSAL_FIELDS = {RefusalReason.UNKNOWN_PERSON: "national_number", RefusalReason.DECEASED: "national_number",
                  RefusalReason.NOT_CONFIRMED: "category", RefusalReason.HOUSEHOLD: None}
NOTE_LENGTH = 500
NOT_LOOKED_UP = object()
# kept on the dossier, not told in its history
_NOT_HISTORY = ("address_corrected_at",)
# what "Wijziging van een dossier" may change
MODIFIABLE = ("street", "postcode", "city", "language", "line_number", "customer_number", "formula",
              "requested_on", "activated_on", "first_invoice_on")
# said with a modification, not stored on the dossier
MODIFY_NOTES = ("address_reason",)


@dataclass
class TariffRequest:
    """What an operator files for "Aanvraag van een sociaal telefoontarief".

    The name, the address and the language come from the National Register; what is typed for them
    counts only when the register cannot answer (then the re-check decides), or -- the address --
    as a correction with its reason."""

    national_number: str
    category: str
    formula: str
    customer_number: str | None
    line_number: str
    last_name: str | None = None
    first_name: str | None = None
    street: str | None = None
    postcode: str | None = None
    city: str | None = None
    language: str | None = None
    address_reason: str | None = None


@dataclass(frozen=True)
class DossierCriteria:
    """'Opzoeken van een dossier': each criterion is the beginning of what is looked for, typed in any
    usual notation; empty ones are ignored."""

    name: str = ""
    national_number: str = ""
    line_number: str = ""
    customer_number: str = ""
    status: str = ""


def today():
    """Today in Belgium (the dates of a dossier are Belgian dates)."""
    return local_date(utcnow())


# -- the actions ---------------------------------------------------------------------------------

def request_tariff(actor, request, form_token=None):
    """File a request: checked at once against the eligibility source and the household rule.

    Accepted, the dossier waits for activation; when the source does not answer, it stays
    'aangevraagd' until the re-check decides. The same form_token twice returns the first dossier.
    """
    operator = actor.enterprise
    earlier = _by_token(operator, form_token)
    if earlier:
        return earlier
    typed = asdict(request)
    reason = typed.pop("address_reason")
    if not _trimmed(typed["national_number"]):
        raise Refused(MISSING["national_number"], "national_number")
    number = typed["national_number"] = identifiers.national_number(_trimmed(typed["national_number"]))
    try:
        person = look_up(actor, number, "request")
    except EligibilitySourceUnavailable:
        person = None
        if not all(_trimmed(typed[name]) for name in ("last_name", "first_name")):
            # nobody to identify the person by: the form cannot be filed now
            raise Refused(SOURCE_UNAVAILABLE, "national_number") from None
        values = _checked(typed)
        status, household = Status.REQUESTED, f"person:{number}"
    else:
        identify(number, person)
        values = _checked(_as_registered(typed, person, reason), optional=("address_reason",))
        _refuse_if_ineligible(person, values["category"])
        status, household = Status.AWAITING_ACTIVATION, person.household
    _check_household(operator, household, number)
    # a line another open dossier has: the unique index refuses it (see _create)
    with database.atomic():
        reason = values.pop("address_reason", None)
        dossier, created = _create(operator, form_token, **values, status=status, household=household,
                                   requested_on=today())
        if not created:
            return dossier
        changes = _as_new(dossier, "status", "category", "formula", "line_number", "customer_number")
        if reason:
            changes.update(_as_new(dossier, "street", "postcode", "city"), address_reason=[None, reason])
        _record(actor, dossier, ActionKind.REQUESTED, changes)
    return dossier


def activate(actor, dossier, activated_on, version):
    """The operator applies the accepted tariff from `activated_on`. None when it already was."""
    if dossier.status == Status.ACTIVE and dossier.activated_on == activated_on:
        return None  # the same form posted twice
    if dossier.status == Status.REQUESTED:
        raise Refused(AWAITING_DECISION)
    if dossier.status != Status.AWAITING_ACTIVATION:
        raise Refused(NOT_AWAITING)
    if activated_on is None:
        raise Refused(MISSING["activated_on"], "activated_on")
    check_dates(dossier.requested_on, activated_on, dossier.first_invoice_on)
    return _change(actor, dossier, ActionKind.ACTIVATED, version, status=Status.ACTIVE,
                   activated_on=activated_on)


def modify(actor, dossier, values, version):
    """Change the address, language, line, customer number, formula or dates. None when nothing changed.

    The address is the National Register's: a correction needs its reason (values["address_reason"]),
    which the history keeps."""
    if not dossier.is_open:
        raise Refused(CLOSED)
    reason = (values.get("address_reason") or "").strip()
    # a required value stays required; only a value the dossier never had may stay missing (a
    # transfer without customer number), and then "Ontbrekende gegevens invullen" says so
    optional = ("activated_on", "first_invoice_on") if dossier.customer_number else (
        "activated_on", "first_invoice_on", "customer_number")
    values = _checked({name: value for name, value in values.items() if name in MODIFIABLE},
                      optional=optional)
    changed = {name: value for name, value in values.items() if getattr(dossier, name) != value}
    if not changed:
        # also what a form posted twice finds the second time: no error, nothing to do
        _task_for_missing_data(dossier)
        return None
    if "line_number" in changed:
        _check_line(changed["line_number"], dossier)
    noted = {}
    if {"street", "postcode", "city"} & changed.keys():
        if not reason:
            raise Refused(ADDRESS_REASON_MISSING, "address_reason")
        if len(reason) > NOTE_LENGTH:
            raise Refused(TOO_LONG % {"max": NOTE_LENGTH}, "address_reason")
        noted["address_reason"] = reason
        changed["address_corrected_at"] = utcnow()
    if dossier.status != Status.ACTIVE and ({"activated_on", "first_invoice_on"} & changed.keys()):
        raise Refused(NOT_ACTIVE, "activated_on")
    if dossier.status == Status.ACTIVE and changed.get("activated_on", dossier.activated_on) is None:
        # an active tariff keeps the date it started
        raise Refused(MISSING["activated_on"], "activated_on")
    dates = {name: changed.get(name, getattr(dossier, name))
             for name in ("requested_on", "activated_on", "first_invoice_on")}
    check_dates(**dates)
    with database.atomic():
        action = _change(actor, dossier, ActionKind.MODIFIED, version, noted=noted, **changed)
        _task_for_missing_data(dossier, action)
    return action


def stop_reduction(actor, dossier, reason, ended_on, version, note=None):
    """'Stopzetten van de reductie': the person is no longer entitled (StopKind.REDUCTION's reasons)."""
    return stop(actor, dossier, StopKind.REDUCTION, reason, ended_on, version, note)


def stop_tariff(actor, dossier, reason, ended_on, version, note=None):
    """'Stopzetten van het sociaal telefoontarief': the tariff itself ends (StopKind.TARIFF's reasons)."""
    return stop(actor, dossier, StopKind.TARIFF, reason, ended_on, version, note)


@dataclass(frozen=True)
class StopPreview:
    """What a stop will do, for the confirmation page: nothing is changed yet."""

    kind: str
    reason: str
    note: str | None
    ended_on: date
    scheduled: bool


def stop(actor, dossier, kind, reason, ended_on, version, note=None, confirmed=True):
    """Stop of `kind` (StopKind) from `ended_on`, for `reason`, with `note` for "Andere".

    An end date after today is a scheduled stop: the dossier stays as it is until that day, when
    the nightly job applies it (apply_scheduled_stops). None when it already was, just so. Not
    `confirmed`, every rule is checked and a StopPreview says what would happen."""
    kind = check_stop_kind(kind)
    reason = check_stop_reason(kind, reason)
    note = check_stop_note(reason, note)
    if ended_on is None:
        raise Refused(MISSING["ended_on"], "ended_on")
    scheduled = ended_on > today()
    status = dossier.status if scheduled else Status.STOPPED
    if ((dossier.status, dossier.stop_kind, dossier.stop_reason, dossier.stop_note, dossier.ended_on)
            == (status, kind, reason, note, ended_on)):
        return None  # the same form posted twice
    if not dossier.is_open:
        raise Refused(CLOSED)
    check_end_date(dossier, ended_on)
    if not confirmed:
        return StopPreview(kind, reason, note, ended_on, scheduled)
    action_kind = {(StopKind.REDUCTION, False): ActionKind.REDUCTION_STOPPED,
                   (StopKind.TARIFF, False): ActionKind.TARIFF_STOPPED,
                   (StopKind.REDUCTION, True): ActionKind.REDUCTION_STOP_SCHEDULED,
                   (StopKind.TARIFF, True): ActionKind.TARIFF_STOP_SCHEDULED}[kind, scheduled]
    return _change(actor, dossier, action_kind, version, status=status, stop_kind=kind,
                   stop_reason=reason, stop_note=note, ended_on=ended_on)


def update_from_register(actor, dossier, person):
    """The National Register's name and address on an open dossier, with its history. None when
    they are the same, or when the operator corrected the address after the register last changed."""
    if not dossier.is_open or not person.street:
        return None
    corrected = dossier.address_corrected_at
    if corrected is not None and (person.updated_at is None or person.updated_at <= corrected):
        return None
    registered = {"last_name": person.last_name, "first_name": person.first_name, "street": person.street,
                  "postcode": person.postcode, "city": person.city}
    changed = {name: value for name, value in registered.items() if value and getattr(dossier, name) != value}
    if not changed:
        return None
    return _change(actor, dossier, ActionKind.REGISTER_UPDATED, dossier.version, **changed,
                   address_corrected_at=None)


def apply_scheduled_stops(actor, on=None):
    """The nightly job: every scheduled stop whose day has come stops its dossier. Returns how many."""
    on = on or today()
    applied = 0
    last_id = 0
    while batch := list(Dossier.stops_due(on).where(Dossier.id > last_id)):
        for dossier in batch:
            try:
                _change(actor, dossier, ActionKind.STOP_APPLIED, dossier.version, status=Status.STOPPED)
                applied += 1
            except StaleData:
                pass  # changed meanwhile: the next run looks again
        last_id = batch[-1].id
    return applied


def transfer(actor, national_number, line_number_typed, customer_number=None, formula=None, form_token=None):
    """Operator B (the actor's) takes over the beneficiary's active tariff from operator A.

    A's dossier is closed as 'overgedragen' and B gets a new dossier that names it: each operator
    keeps its own dossier and history, and neither sees the other's. A gets the task "Reductie
    beëindigen"; B gets "Ontbrekende gegevens invullen" when it left the customer number out.
    """
    operator = actor.enterprise
    earlier = _by_token(operator, form_token)
    if earlier:
        return earlier
    typed = _checked({"national_number": national_number, "line_number": line_number_typed,
                      "customer_number": customer_number, "formula": formula},
                     optional=("customer_number", "formula"))
    current, person = _transferable(operator, typed["national_number"], typed["line_number"], actor=actor)
    if current.stop_scheduled:
        raise Refused(STOP_SCHEDULED)
    with database.atomic():
        _change(actor, current, ActionKind.TRANSFERRED_OUT, current.version, by_other_operator=operator,
                status=Status.TRANSFERRED, ended_on=today())
        values = {name: getattr(current, name) for name in
                  ("national_number", "last_name", "first_name", "street", "postcode", "city", "language",
                   "category", "household")}
        values.update(line_number=typed["line_number"], customer_number=typed["customer_number"],
                      formula=typed["formula"] or current.formula, transferred_from=current)
        values.update(_registered_identity(person))
        dossier, created = _create(operator, form_token, **values, status=Status.ACTIVE, requested_on=today(),
                                   activated_on=today())
        if not created:
            # a twin of this form won the race: ours must not close A's dossier a second time
            raise StaleData()
        taken_over = _record(actor, dossier, ActionKind.TRANSFERRED_IN,
                             _as_new(dossier, "status", "formula", "line_number", "customer_number"))
        open_task(current, TaskKind.END_REDUCTION, cause=taken_over)
        if not dossier.customer_number:
            open_task(dossier, TaskKind.MISSING_DATA, cause=taken_over)
    return dossier


def cancel_last_action(actor, dossier, version):
    """'Annulatie van een actie': undo the dossier's last stop, modification or transfer (within
    30 days), restoring the state before it. The cancellation is itself a step of the history."""
    last = cancellable_action(dossier)
    with database.atomic():
        if last.kind == ActionKind.TRANSFERRED_IN:
            return _cancel_transfer(actor, dossier, version, last)
        values = last.values_before()
        if last.kind == ActionKind.STOP_APPLIED:
            # the stop the nightly job applied goes as a whole: it is not scheduled again
            values.update(ended_on=None, stop_kind=None, stop_reason=None, stop_note=None)
        return _change(actor, dossier, ActionKind.CANCELLED, version, undoes=last, **values)


def cancellable_action(dossier):
    """The action 'Annulatie van een actie' would undo, or Refused saying why there is none."""
    last = DossierAction.last_of(dossier)
    if not may_cancel(last):
        raise Refused(TOO_LATE if last is not None and last.kind in ActionKind.cancellable()
                      else NOTHING_TO_CANCEL)
    return last


def may_cancel(last_action):
    """True when a dossier whose last action is `last_action` has an action to cancel."""
    return (last_action is not None and last_action.kind in ActionKind.cancellable()
            and utcnow() - last_action.at <= CANCEL_WINDOW)


def search_dossiers(operator, criteria):
    """The operator's dossiers matching every criterion (DossierCriteria), by name. A name matches
    by the beginning of the first or the last name, without regard to case or accents. A criterion
    that cannot be what it says is Refused at its field (never silently left out)."""
    check_search_national_number(criteria.national_number)
    check_search_line_number(criteria.line_number)
    check_search_customer_number(criteria.customer_number)
    return Dossier.search(
        operator,
        national_number=identifiers.digits(criteria.national_number),
        line_number=line_number_prefix(criteria.line_number),
        customer_number=customer_key(criteria.customer_number) or "",
        name=search_key(criteria.name),
        status=criteria.status if criteria.status in Status else "",
    )


def decide(actor, dossier, person):
    """The eligibility source answered a pending ('aangevraagd') request: accept or refuse it."""
    reason = _ineligibility(person, dossier.category)
    if reason is None:
        holder = Dossier.holding_household(person.household)
        if holder is not None and holder.id != dossier.id:
            reason = RefusalReason.HOUSEHOLD
    if reason:
        return _change(actor, dossier, ActionKind.DECIDED, dossier.version, status=Status.REFUSED,
                       refusal_reason=reason)
    return _change(actor, dossier, ActionKind.DECIDED, dossier.version, status=Status.AWAITING_ACTIVATION,
                   household=person.household)


# -- the rules -----------------------------------------------------------------------------------

def check_dates(requested_on, activated_on, first_invoice_on):
    """Request, activation and first invoice follow each other, the request and the activation have
    happened, and no request is older than the regime (or Refused on the field that is wrong)."""
    if requested_on:
        check_request_date(requested_on)
    if activated_on and activated_on > today():
        raise Refused(ACTIVATION_IN_FUTURE, "activated_on")
    if activated_on and requested_on and activated_on < requested_on:
        raise Refused(ACTIVATION_BEFORE_REQUEST, "activated_on")
    if first_invoice_on and activated_on and first_invoice_on < activated_on:
        raise Refused(INVOICE_BEFORE_ACTIVATION, "first_invoice_on")


def identify(national_number, person=NOT_LOOKED_UP, actor=None):
    """The person the register knows by this (valid) national number, or Refused at the field:
    "identificatie niet mogelijk" for a number it does not know, and a deceased person is refused.
    Looked up for `actor`, it leaves the trace of every eligibility look-up (domain.lookups)."""
    if person is NOT_LOOKED_UP:
        try:
            person = look_up(actor, national_number, "identification")
        except EligibilitySourceUnavailable as error:
            raise Refused(SOURCE_UNAVAILABLE, "national_number") from error
    if person is None:
        raise Refused(UNKNOWN_PERSON, "national_number")
    if person.died_on is not None:
        raise Refused(DECEASED, "national_number")
    return person


def _as_registered(typed, person, reason):
    """The request's values with the register's name, address and language; a typed address that
    differs from the register's is a correction, which needs its reason."""
    values = {**typed, "last_name": person.last_name, "first_name": person.first_name,
              "language": person.language or typed["language"]}
    reason = (reason or "").strip()
    if person.street:
        registered = dict(zip(("street", "postcode", "city"), person.address, strict=True))
        corrected = {name: _trimmed(typed[name]) for name in registered
                     if _trimmed(typed[name]) and _trimmed(typed[name]) != registered[name]}
        if corrected and not reason:
            raise Refused(ADDRESS_REASON_MISSING, "address_reason")
        if not corrected:
            reason = ""
        values.update(registered, **corrected)
    if reason and len(reason) > NOTE_LENGTH:
        raise Refused(TOO_LONG % {"max": NOTE_LENGTH}, "address_reason")
    values["address_reason"] = reason or None
    return values


def check_request_date(requested_on):
    """A request date is a day that has come, not before the social tariff's regime started."""
    if requested_on > today():
        raise Refused(REQUEST_IN_FUTURE, "requested_on")
    if requested_on < REGIME_START:
        raise Refused(REQUEST_BEFORE_REGIME, "requested_on")
    return requested_on


def check_stop_kind(kind):
    """One of the two stops (StopKind), or Refused."""
    if kind not in StopKind:
        raise Refused(NOT_A_CODE, "kind")
    return StopKind(kind)


def check_stop_reason(kind, reason):
    """A reason of this stop's own (StopKind.reasons), or Refused at the reason."""
    if reason not in StopReason or StopReason(reason) not in StopKind(kind).reasons:
        raise Refused(UNKNOWN_REASON, "reason")
    return StopReason(reason)


def check_stop_note(reason, note):
    """The text of the reason "Andere" (trimmed, required for it); None for another reason."""
    note = (note or "").strip()
    if reason != StopReason.OTHER:
        return None
    if not note:
        raise Refused(REASON_TEXT_MISSING, "note")
    if len(note) > NOTE_LENGTH:
        raise Refused(TOO_LONG % {"max": NOTE_LENGTH}, "note")
    return note


def check_end_date(dossier, ended_on):
    """A tariff cannot end before it started (activation date, or request date when not active)."""
    start = dossier.activated_on or dossier.requested_on
    if ended_on and start and ended_on < start:
        raise Refused(END_BEFORE_START, "ended_on")


def check_search_national_number(value, field="national_number"):
    """The beginning of a national number as typed: digits (dots, dashes and spaces may stay)."""
    if not re.fullmatch(r"[0-9 ./-]{0,20}", value or ""):
        raise Refused(SEARCH_BAD_NATIONAL_NUMBER, field)
    return value


def check_search_line_number(value, field="line_number"):
    """The beginning of a line number as typed, in any notation (+32, 0032, spaces, dots...)."""
    if not re.fullmatch(r"[0-9 +./()-]{0,30}", value or "") or "+" in (value or "").lstrip()[1:]:
        raise Refused(SEARCH_BAD_LINE, field)
    return value


def check_search_customer_number(value, field="customer_number"):
    """The beginning of a customer number: at most as long as one."""
    longest = max_length("customer_number")
    if len((value or "").strip()) > longest:
        raise Refused(TOO_LONG % {"max": longest}, field)
    return value


def customer_key(value):
    """The operator's customer number as stored and searched: trimmed, upper case; None when empty."""
    return (value or "").strip().upper() or None


# the fields as typed: one rule each, for the screens (as a field is left, and on submit) and the XML channel

def check_field(name, value):
    """A dossier field's typed, non-empty value as stored, or Refused next to the field: the rule
    _checked applies, for a form to check a field as it is left."""
    return _FIELD_RULES.get(name, _as_typed)(_trimmed(value), name)


def max_length(name):
    """The longest text the dossier field `name` keeps (its column's length), or None."""
    return Dossier._meta.fields[name].max_length if name in _TEXTS else None


def _checked(values, optional=()):
    """`values` ({field: as typed}) as stored: each through its field's rule, so that the screens and
    the XML channel store the same things. An empty value is Refused as missing, or None when its
    field is `optional`. Refused names the first field that is wrong."""
    checked = {}
    for name, value in values.items():
        value = _trimmed(value)
        if value is None or value == "":
            if name not in optional:
                raise Refused(MISSING[name], name)
            checked[name] = None
        else:
            checked[name] = check_field(name, value)
    return checked


def _trimmed(value):
    return value.strip() if isinstance(value, str) else value


def _as_typed(value, name):
    return value


def _text(value, name):
    if value is None:
        return None  # nothing left of it (a customer number of spaces)
    free_text.single_line(value, name)
    if len(value) > max_length(name):
        raise Refused(TOO_LONG % {"max": max_length(name)}, name)
    return value


def _postcode(value, name):
    if not re.fullmatch(r"[1-9][0-9]{3}", value):
        raise Refused(BAD_POSTCODE, name)
    return value


def _code(codes):
    def check(value, name):
        if value not in codes:
            raise Refused(NOT_A_CODE, name)
        return value
    return check


def _customer_number(value, name):
    return _text(customer_key(value), name)


def _line(value, name):
    return line_number(value, name)


# free text, at most as long as its column
_TEXTS = ("last_name", "first_name", "street", "city", "customer_number")
_FIELD_RULES = {
    "national_number": identifiers.national_number,
    "last_name": _text,
    "first_name": _text,
    "street": _text,
    "postcode": _postcode,
    "city": _text,
    "language": check_language,
    "category": _code(Category),
    "formula": _code(Formula),
    "customer_number": _customer_number,
    "line_number": _line,
}


def _ineligibility(person, category):
    if person is None:
        return RefusalReason.UNKNOWN_PERSON
    if person.died_on is not None:
        return RefusalReason.DECEASED
    if not person.confirms(category):
        return RefusalReason.NOT_CONFIRMED
    return None


def _refuse_if_ineligible(person, category):
    reason = _ineligibility(person, category)
    if reason:
        raise Refused(reason.label, REFUSAL_FIELDS[reason])


def _check_household(operator, household, national_number):
    holder = Dossier.holding_household(household) or Dossier.open_for_person(national_number)
    if holder is not None:
        raise _household_taken(holder, operator.id)


def _check_line(line, dossier=None):
    """A line number belongs to at most one open dossier, at any operator (which one is not told)."""
    holder = Dossier.holding_line(line)
    if holder is not None and (dossier is None or holder.id != dossier.id):
        raise Refused(LINE_TAKEN, "line_number")


def _task_for_missing_data(dossier, cause=None):
    """An open dossier that misses a required value gets "Ontbrekende gegevens invullen"."""
    if dossier.is_open and missing_fields(dossier):
        open_task(dossier, TaskKind.MISSING_DATA, cause=cause)


class HouseholdTaken(Refused):
    """The household has its social tariff already: at this operator (`dossier_id`, to open it), or
    at another one (`elsewhere`: the form offers the transfer), never which."""

    def __init__(self, message, dossier_id=None):
        super().__init__(message)
        self.dossier_id = dossier_id
        self.elsewhere = dossier_id is None


def _household_taken(holder, operator_id):
    """The refusal for a household whose tariff `holder` has: here or elsewhere, never which operator
    (None: a dossier that let the slot go in the meantime, somewhere)."""
    here = holder is not None and holder.enterprise_id == operator_id
    return HouseholdTaken(EXISTS_HERE, holder.id) if here else HouseholdTaken(EXISTS_ELSEWHERE)


def _slot(status, household):
    """The household slot a dossier in `status` holds: its household while open, else none."""
    return household if status in Status.open() else None


def _transferable(operator, national_number, line, actor=None):
    """A's open dossier for this beneficiary and line, checked for a transfer to `operator`."""
    try:
        person = look_up(actor, national_number, "transfer")
    except EligibilitySourceUnavailable as error:
        raise Refused(SOURCE_UNAVAILABLE) from error
    if person is None:
        raise Refused(UNKNOWN_PERSON, "national_number")
    current = Dossier.with_line(national_number, line).where(Dossier.status.in_(Status.open())).first()
    if current is None:
        raise Refused(NO_TARIFF)
    if current.enterprise_id == operator.id:
        raise Refused(ALREADY_HERE)
    if current.status == Status.REQUESTED:
        raise Refused(AWAITING_DECISION)
    if current.status == Status.AWAITING_ACTIVATION:
        raise Refused(AWAITING_ACTIVATION)
    _refuse_if_ineligible(person, current.category)
    return current, person


def _registered_identity(person):
    """The name, address and language the register knows (those it has)."""
    values = {"last_name": person.last_name, "first_name": person.first_name}
    if person.street:
        values.update(street=person.street, postcode=person.postcode, city=person.city)
    if person.language:
        values["language"] = person.language
    return {name: value for name, value in values.items() if value}


def _cancel_transfer(actor, dossier, version, taken_over):
    """B cancels its takeover: B's dossier stops, A's is active again, the transfer's open tasks close."""
    previous = dossier.transferred_from
    handed_over = DossierAction.last_of(previous) if previous else None
    if handed_over is None or handed_over.kind != ActionKind.TRANSFERRED_OUT:
        raise Refused(NOTHING_TO_CANCEL)
    # B's dossier gives the household's slot back first, then A's takes it again
    action = _change(actor, dossier, ActionKind.CANCELLED, version, undoes=taken_over, status=Status.STOPPED,
                     stop_kind=StopKind.TARIFF, stop_reason=StopReason.OPERATOR_CHANGE, ended_on=today())
    _change(actor, previous, ActionKind.TRANSFER_CANCELLED, previous.version, undoes=handed_over,
            by_other_operator=dossier.enterprise, **handed_over.values_before())
    close_tasks_caused_by(taken_over)
    return action


# -- storing -------------------------------------------------------------------------------------

def _by_token(operator, form_token):
    if not form_token:
        return None
    return Dossier.of_operator(operator).where(Dossier.form_token == form_token).first()


def _create(operator, form_token, **values):
    """(dossier, created): a new dossier holding its household's slot, or -- a form posted twice --
    the one the same form made before. A household taken in the meantime is Refused."""
    values["household_slot"] = _slot(values["status"], values["household"])
    try:
        with database.atomic():
            return Dossier.create(enterprise=operator, form_token=form_token, **values), True
    except IntegrityError:
        earlier = _by_token(operator, form_token)
        if earlier:
            return earlier, False
        _check_household(operator, values["household"], values["national_number"])
        _check_line(values["line_number"])
        raise


def _change(actor, dossier, kind, version, undoes=None, by_other_operator=None, noted=None, **values):
    """Apply `values` if the dossier is still at `version` (else StaleData), and write the step of
    its history (with `noted`, {what: text}, such as the reason of an address correction)."""
    changes = {name: [getattr(dossier, name), value] for name, value in values.items()
               if getattr(dossier, name) != value and name not in _NOT_HISTORY}
    changes.update({name: [None, text] for name, text in (noted or {}).items()})
    if "status" in values or "household" in values:
        values["household_slot"] = _slot(values.get("status", dossier.status),
                                         values.get("household", dossier.household))
    # the change, its step of the history and its audit event: all of them or none
    with database.atomic():
        try:
            # a savepoint: after the unique slot's IntegrityError the transaction can go on
            with database.atomic():
                update_if_current(Dossier, dossier.id, version, **values, updated_at=utcnow())
        except IntegrityError as error:
            # another open dossier has the line, or reopening the dossier would give its household
            # a second tariff
            if values.get("status", dossier.status) in Status.open():
                _check_line(values.get("line_number", dossier.line_number), dossier)
            holder = Dossier.holding_household(values.get("household_slot", dossier.household_slot))
            raise _household_taken(holder, dossier.enterprise_id) from error
        action = _record(actor, dossier, kind, changes, undoes=undoes, by_other_operator=by_other_operator)
    for name, value in values.items():
        setattr(dossier, name, value)
    dossier.version = version + 1
    return action


def _record(actor, dossier, kind, changes, undoes=None, by_other_operator=None):
    """One step of the dossier's history, and its audit event.

    A step another operator caused (a transfer) is kept without their user's name: an operator
    never learns who, or which operator, took a tariff over. The audit event goes to the log of
    the operator whose user acted.
    """
    hidden = by_other_operator is not None
    action = DossierAction.create(
        dossier=dossier, kind=kind, performer=None if hidden else actor.account,
        performer_name="" if hidden else actor.full_name,
        changes=json.dumps(changes, default=str, ensure_ascii=False), undoes=undoes,
    )
    audit.record(actor, f"dossier.{kind}", subject=dossier, changes=changes, enterprise=by_other_operator)
    return action


def _as_new(dossier, *names):
    """The values a new dossier starts with, as changes (the empty ones left out)."""
    return {name: [None, getattr(dossier, name)] for name in names if getattr(dossier, name) is not None}
