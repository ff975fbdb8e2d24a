"""Social-tariff dossiers, their history of actions, and the operator's tasks."""

import json

from flask_babel import lazy_gettext as _l
from peewee import (
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
from db.enterprises import Enterprise
from db.fields import SearchKeyField, one_of, starts_with, words_matching, write_terms
from db.prepared import Slot, Statement
from db.text import search_key, search_terms, search_words


class Status(CodeSet):
    # filed, the eligibility source has not answered yet
    REQUESTED = "requested", _l("requested")
    # accepted
    AWAITING_ACTIVATION = "awaiting_activation", _l("awaiting activation")
    ACTIVE = "active", _l("active")
    STOPPED = "stopped", _l("stopped")
    REFUSED = "refused", _l("refused")
    # taken over by another operator
    TRANSFERRED = "transferred", _l("transferred")

    @classmethod
    def open(cls):
        """The household's one social tariff: a dossier in one of these holds it."""
        return (cls.REQUESTED, cls.AWAITING_ACTIVATION, cls.ACTIVE)


class Category(CodeSet):
    AGE_65 = "age_65", _l("65 years or older")
    DISABILITY = "disability_66", _l("Recognised disability of at least 66%, 18 years or older")
    LEEFLOON = "leefloon", _l("Recipient of the leefloon (living wage)")
    HEARING = "hearing_loss", _l("Hearing loss of at least 70 dB, or laryngectomy")
    WAR_BLIND = "war_blind", _l("Military war-blind")


class Formula(CodeSet):
    FIXED = "fixed", _l("Fixed telephony")
    MOBILE = "mobile", _l("Mobile telephony")
    INTERNET = "internet", _l("Internet")


class StopReason(CodeSet):
    CUSTOMER_REQUEST = "customer_request", _l("At the customer's request")
    NOT_ELIGIBLE = "not_eligible", _l("No longer eligible")
    DEATH = "death", _l("Death")
    MOVE = "move", _l("Move")
    OPERATOR_CHANGE = "operator_change", _l("Change of operator")
    OTHER = "other", _l("Other")


class StopKind(CodeSet):
    """The manual's two stops: the reduction ends (the person is no longer entitled), or the social
    telephone tariff itself ends (the customer's line or contract)."""

    REDUCTION = "reduction", _l("Stop the reduction")
    TARIFF = "tariff", _l("Stop the social telephone tariff")

    @property
    def reasons(self):
        """The reasons this stop may give, in the order the form offers them."""
        return STOP_REASONS[self]


STOP_REASONS = {
    StopKind.REDUCTION: (StopReason.NOT_ELIGIBLE, StopReason.DEATH, StopReason.OTHER),
    StopKind.TARIFF: (StopReason.CUSTOMER_REQUEST, StopReason.MOVE, StopReason.OPERATOR_CHANGE,
                      StopReason.OTHER),
}


class RefusalReason(CodeSet):
    """Why the eligibility source refused a request (kept on a refused dossier); the label is what
    the person filing it is told."""

    UNKNOWN_PERSON = "unknown_person", _l("Identification of the applicant is not possible.")
    DECEASED = "deceased", _l("The applicant is deceased according to the Crossroads Bank for Social "
                              "Security.")
    NOT_CONFIRMED = "not_confirmed", _l("The Crossroads Bank for Social Security does not confirm this "
                                        "category for the applicant.")
    HOUSEHOLD = "household", _l("Dossier already exists: this household already has a social tariff "
                                "at another operator.")


class Dossier(BaseModel):
    """One beneficiary's social tariff at one operator."""

    enterprise = ForeignKeyField(Enterprise, backref="dossiers", on_delete="CASCADE")
    # the beneficiary; the numbers are compared byte by byte for prefix search (SearchKeyField)
    national_number = SearchKeyField(max_length=11)
    last_name = CharField(max_length=100)
    first_name = CharField(max_length=100)
    # search keys (domain.text.search_key): "last first" orders the lists and finds "lefevre elo";
    # the first name's own key finds "elo"
    name_key = SearchKeyField(max_length=201, default="")
    first_name_key = SearchKeyField(max_length=100, default="")
    street = CharField(max_length=200)
    postcode = CharField(max_length=4)
    city = CharField(max_length=100)
    language = CharField(max_length=2)
    # when the operator last corrected the register's address (the register's later changes win)
    address_corrected_at = DateTimeField(null=True)
    # the tariff
    category = CharField(max_length=16)
    formula = CharField(max_length=16)
    customer_number = SearchKeyField(max_length=40, null=True)
    line_number = SearchKeyField(max_length=16)  # E.164, e.g. +32470123456
    requested_on = DateField()
    activated_on = DateField(null=True)
    first_invoice_on = DateField(null=True)
    ended_on = DateField(null=True)
    status = CharField(max_length=24)
    stop_reason = CharField(max_length=24, null=True)
    # which of the two stops (StopKind), and the text of the reason "Andere"
    stop_kind = CharField(max_length=16, null=True)
    stop_note = CharField(max_length=500, null=True)
    refusal_reason = CharField(max_length=24, null=True)
    # the household as the eligibility source knows it, and -- only while the dossier is open --
    # the same key in a unique column: the database itself allows one tariff per household
    household = CharField(max_length=40)
    household_slot = CharField(max_length=40, null=True, unique=True)
    # the other operator's dossier this one took over (a transfer)
    transferred_from = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")
    # set by the request form, unique: the same form posted twice makes one dossier
    form_token = CharField(max_length=64, null=True, unique=True)
    # raised on every change, so a stale form cannot overwrite a newer one
    version = IntegerField(default=1)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            (("enterprise", "national_number"), False),
            (("enterprise", "line_number"), False),
            (("enterprise", "customer_number"), False),
            (("enterprise", "name_key", "id"), False),
            (("enterprise", "status", "name_key", "id"), False),
            (("enterprise", "first_name_key"), False),
            # a transfer looks for the beneficiary's tariff at every operator
            (("national_number", "line_number"), False),
            # the re-check walks the open dossiers
            (("status", "id"), False),
            # the nightly job applies the scheduled stops that are due
            (("ended_on", "status"), False),
        )

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.name_key = search_key(f"{self.last_name} {self.first_name}")
        self.first_name_key = search_key(self.first_name)
        new = self.id is None
        renamed = new or bool({"first_name", "last_name", "enterprise"}
                                          & {field.name for field in self.dirty_fields})
        saved = super().save(*args, **kwargs)
        if renamed:
            DossierTerm.index(self, new)
        return saved

    def search_terms(self):
        """The words the dossier search finds this dossier by: its beneficiary's names'."""
        return search_terms(self.first_name, self.last_name)

    @property
    def is_open(self):
        return self.status in Status.open()

    @property
    def stop_scheduled(self):
        """True for an open dossier with a stop planned for a later day (its end date)."""
        return self.is_open and self.ended_on is not None

    @classmethod
    def holding_line(cls, line_number):
        """The open dossier of a line number at any operator, or None (one tariff per line)."""
        return cls.get_or_none((cls.line_number == line_number) & cls.status.in_(Status.open()))

    @classmethod
    def stops_due(cls, on, limit=500):
        """Open dossiers, at every operator, whose scheduled stop is due on `on` (for the nightly job)."""
        return (cls.select()
                .where((cls.ended_on <= on) & cls.status.in_(Status.open()))
                .order_by(cls.id).limit(limit))

    @classmethod
    def of_operator(cls, enterprise):
        """Every dossier of one operator: the start of every query the screens make."""
        return cls.select().where(cls.enterprise == enterprise)

    @classmethod
    def search(cls, enterprise, national_number="", line_number="", customer_number="", name="", status=""):
        """The operator's dossiers matching every given criterion (prefixes; each word of `name` starts
        a word of the last or the first name, DossierTerm), by name; by the number searched for."""
        query = cls.of_operator(enterprise)
        order = (cls.name_key, cls.id)
        for field, prefix in reversed(((cls.national_number, national_number), (cls.line_number, line_number),
                                       (cls.customer_number, customer_number))):
            if prefix:
                query = query.where(starts_with(field, prefix))
                # found by a number: listed in that number's order, so the number's index gives the
                # page without sorting every match (the first number given decides)
                order = (field, cls.id)
        if search_words(name):
            query = query.where(one_of(cls.id, DossierTerm.matching(enterprise, name)))
        if status:
            query = query.where(cls.status == status)
        return query.order_by(*order)

    @classmethod
    def holding_household(cls, household):
        """The open dossier of a household at any operator, or None (the household rule)."""
        return _HOLDING_HOUSEHOLD.first(cls, household=household)

    @classmethod
    def open_for_person(cls, national_number):
        """The person's open dossier at any operator, or None."""
        return _OPEN_FOR_PERSON.first(cls, national_number=national_number)

    @classmethod
    def with_line(cls, national_number, line_number):
        """The beneficiary's dossiers for one line, at every operator (for a transfer), newest first."""
        return (cls.select()
                .where((cls.national_number == national_number) & (cls.line_number == line_number))
                .order_by(cls.id.desc()))

    @classmethod
    def in_status(cls, statuses, after_id=0, limit=500):
        """A batch of dossiers in `statuses` at every operator, by id (for the re-check)."""
        return (cls.select()
                .where(cls.status.in_(list(statuses)) & (cls.id > after_id))
                .order_by(cls.id).limit(limit))


# the household rule's two look-ups, run for every request (db/prepared.py)
_HOLDING_HOUSEHOLD = Statement(lambda: Dossier.select().where(
    Dossier.household_slot == Slot("household")).limit(1))
_OPEN_FOR_PERSON = Statement(lambda: Dossier.select().where(
    (Dossier.national_number == Slot("national_number")) & Dossier.status.in_(Status.open())).limit(1))


class DossierTerm(BaseModel):
    """One word the dossier search finds a dossier by (db.text.search_terms of the beneficiary's
    names), at the dossier's operator: as AccountTerm for the users."""

    enterprise = ForeignKeyField(Enterprise, backref="+", on_delete="CASCADE", index=False)
    term = SearchKeyField(max_length=100)
    dossier = ForeignKeyField(Dossier, backref="+", on_delete="CASCADE", index=False)

    class Meta:
        primary_key = CompositeKey("enterprise", "term", "dossier")
        indexes = ((("dossier", "term"), False),)

    @classmethod
    def index(cls, dossier, new=False):
        """Write the dossier's words anew (`new`: it has none yet)."""
        write_terms(cls, cls.dossier, dossier.enterprise_id, dossier.id, dossier.search_terms(), new)

    @classmethod
    def matching(cls, enterprise, text, capped=True):
        """The ids of the enterprise's dossiers of which every word typed in `text` starts a word
        (db.fields.words_matching)."""
        return words_matching(cls, cls.dossier, enterprise, search_words(text), capped)


class ActionKind(CodeSet):
    """The steps of a dossier's history, named as the manual's functions (the audit vocabulary's
    'dossier.<kind>' actions take these names)."""

    REQUESTED = "requested", _l("Request")
    # the eligibility source answered a pending request
    DECIDED = "decided", _l("Decision on eligibility")
    ACTIVATED = "activated", _l("Activation")
    MODIFIED = "modified", _l("Modification")
    # before the two stops: one stop ended both
    STOPPED = "stopped", _l("Stop")
    REDUCTION_STOPPED = "reduction_stopped", _l("Stop of the reduction")
    TARIFF_STOPPED = "tariff_stopped", _l("Stop of the social telephone tariff")
    REDUCTION_STOP_SCHEDULED = "reduction_stop_planned", _l("Stop of the reduction (scheduled)")
    TARIFF_STOP_SCHEDULED = "tariff_stop_planned", _l("Stop of the social telephone tariff (scheduled)")
    # the nightly job applied a scheduled stop on its day
    STOP_APPLIED = "stop_applied", _l("Scheduled stop applied")
    # the register changed the beneficiary's address, or says they died
    REGISTER_UPDATED = "register_updated", _l("Update from the National Register")
    # this operator took the tariff over
    TRANSFERRED_IN = "transferred_in", _l("Transfer: taken over from another operator")
    # another operator took it over
    TRANSFERRED_OUT = "transferred_out", _l("Transfer: taken over by another operator")
    # on the other operator's dossier
    TRANSFER_CANCELLED = "transfer_cancelled", _l("Transfer cancelled by the other operator")
    CANCELLED = "cancelled", _l("Cancellation of an action")

    @classmethod
    def cancellable(cls):
        """What "Annulatie van een actie" may undo."""
        return (cls.MODIFIED, cls.STOPPED, cls.REDUCTION_STOPPED, cls.TARIFF_STOPPED,
                cls.REDUCTION_STOP_SCHEDULED, cls.TARIFF_STOP_SCHEDULED, cls.STOP_APPLIED, cls.TRANSFERRED_IN)

    @classmethod
    def by_other_operator(cls):
        """Steps another operator caused: their history names no user of that operator."""
        return (cls.TRANSFERRED_OUT, cls.TRANSFER_CANCELLED)


class DossierAction(BaseModel):
    """One step in a dossier's history: who, when, what, and the values before and after."""

    dossier = ForeignKeyField(Dossier, backref="actions", on_delete="CASCADE")
    kind = CharField(max_length=24)
    at = DateTimeField(default=utcnow)
    # the history outlives the account, under the name it had
    performer = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    performer_name = CharField(max_length=210, default="")
    # {field: [old, new]}, dates as ISO text
    changes = TextField(default="{}")
    # a cancellation names the action it undid
    undoes = ForeignKeyField("self", null=True, backref="+", on_delete="SET NULL")

    class Meta:
        # the foreign key `performer` has its own index: "dossier actions this user performed"
        indexes = ((("dossier", "id"), False),)

    @property
    def change_dict(self):
        return json.loads(self.changes or "{}")

    @property
    def by_other_operator(self):
        """True for a step another operator caused (a transfer): kept without their user's name."""
        return self.kind in ActionKind.by_other_operator()

    def values_before(self):
        """The dossier's values before this step, each in its field's own type (dates): what undoing
        it writes back."""
        fields = Dossier._meta.fields
        # what was only said with the step (the reason of an address correction) is not a field
        return {name: fields[name].python_value(old) for name, (old, _new) in self.change_dict.items()
                if name in fields}

    @classmethod
    def history(cls, dossier):
        """The dossier's actions, newest first."""
        return cls.select().where(cls.dossier == dossier).order_by(cls.id.desc())

    @classmethod
    def last_of(cls, dossier):
        """The dossier's most recent action, or None."""
        return cls.history(dossier).first()


class TaskKind(CodeSet):
    MISSING_DATA = "missing_data", _l("Enter missing data")
    CLOSE_DOSSIER = "close_dossier", _l("Close dossier")
    END_REDUCTION = "end_reduction", _l("Terminate reduction")


class TaskStatus(CodeSet):
    OPEN = "open", _l("open")
    HANDLED = "handled", _l("handled")


class Task(BaseModel):
    """Work for an operator that a process could not finish in one step."""

    enterprise = ForeignKeyField(Enterprise, backref="tasks", on_delete="CASCADE")
    dossier = ForeignKeyField(Dossier, backref="tasks", on_delete="CASCADE")
    kind = CharField(max_length=16)
    status = CharField(max_length=8, default=TaskStatus.OPEN)
    created_at = DateTimeField(default=utcnow)
    # the action that gave rise to the task (cancelling a transfer closes the tasks it made)
    cause = ForeignKeyField(DossierAction, null=True, backref="+", on_delete="SET NULL")
    comment = TextField(default="")
    # closed while its cause was still there: why
    closed_without_cause = TextField(default="")
    handled_at = DateTimeField(null=True)
    handled_by = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    handled_by_name = CharField(max_length=210, default="")

    class Meta:
        indexes = (
            (("enterprise", "status", "kind", "created_at"), False),
            (("enterprise", "kind", "created_at"), False),
            # the task list by status, and unfiltered, a page at a time (migration 0042)
            (("enterprise", "status", "created_at", "id"), False),
            (("enterprise", "created_at", "id"), False),
            (("dossier", "status"), False),
        )

    def __str__(self):
        return str(self.dossier)

    @classmethod
    def of_operator(cls, enterprise):
        """Every task of one operator."""
        return cls.select().where(cls.enterprise == enterprise)

    @classmethod
    def listing(cls, enterprise, kind="", status=""):
        """The operator's tasks of a kind and status (empty: any), oldest first, with their dossier."""
        query = cls.select(cls, Dossier).join(Dossier).where(cls.enterprise == enterprise)
        if kind:
            query = query.where(cls.kind == kind)
        if status:
            query = query.where(cls.status == status)
        return query.order_by(cls.created_at, cls.id)

    @classmethod
    def open_of(cls, dossier):
        """The dossier's open tasks, oldest first."""
        return (cls.select().where((cls.dossier == dossier) & (cls.status == TaskStatus.OPEN))
                .order_by(cls.id))


# one social tariff per line number across operators: the database refuses a second open dossier
Dossier.add_index(Dossier.line_number, unique=True, where=Dossier.status.in_(list(Status.open())),
                  name="dossier_one_open_per_line")

# one open task of a kind per dossier, even when two runs of the nightly job look at once
Task.add_index(Task.dossier, Task.kind, unique=True, where=(Task.status == TaskStatus.OPEN),
               name="task_one_open_per_dossier_and_kind")
