"""Social-tariff dossiers, their history of actions, and the operator's tasks."""

import json

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow
from db.enterprises import Enterprise
from db.fields import SearchKeyField, starts_with
from db.text import search_key


class Status:
    REQUESTED = "requested"  # aangevraagd: filed, the eligibility source has not answered yet
    AWAITING_ACTIVATION = "awaiting_activation"  # wacht op activatie: accepted
    ACTIVE = "active"  # actief
    STOPPED = "stopped"  # stopgezet
    REFUSED = "refused"  # geweigerd
    TRANSFERRED = "transferred"  # overgedragen: taken over by another operator

    ALL = (REQUESTED, AWAITING_ACTIVATION, ACTIVE, STOPPED, REFUSED, TRANSFERRED)
    # the household's one social tariff: a dossier in one of these holds it
    OPEN = (REQUESTED, AWAITING_ACTIVATION, ACTIVE)


class Category:
    AGE_65 = "age_65"
    DISABILITY = "disability_66"
    LEEFLOON = "leefloon"
    HEARING = "hearing_loss"
    WAR_BLIND = "war_blind"

    ALL = (AGE_65, DISABILITY, LEEFLOON, HEARING, WAR_BLIND)


class Formula:
    FIXED = "fixed"
    MOBILE = "mobile"
    INTERNET = "internet"

    ALL = (FIXED, MOBILE, INTERNET)


class StopReason:
    CUSTOMER_REQUEST = "customer_request"
    NOT_ELIGIBLE = "not_eligible"
    DEATH = "death"
    MOVE = "move"
    OPERATOR_CHANGE = "operator_change"
    OTHER = "other"

    ALL = (CUSTOMER_REQUEST, NOT_ELIGIBLE, DEATH, MOVE, OPERATOR_CHANGE, OTHER)


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
        )

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.name_key = search_key(f"{self.last_name} {self.first_name}")
        self.first_name_key = search_key(self.first_name)
        return super().save(*args, **kwargs)

    @property
    def is_open(self):
        return self.status in Status.OPEN

    @classmethod
    def of_operator(cls, enterprise):
        """Every dossier of one operator: the start of every query the screens make."""
        return cls.select().where(cls.enterprise == enterprise)

    @classmethod
    def search(cls, enterprise, national_number="", line_number="", customer_number="", name="", status=""):
        """The operator's dossiers matching every given criterion (prefixes; `name` of the last or the
        first name), by name."""
        query = cls.of_operator(enterprise)
        for field, prefix in ((cls.national_number, national_number), (cls.line_number, line_number),
                              (cls.customer_number, customer_number)):
            if prefix:
                query = query.where(starts_with(field, prefix))
        if name:
            query = query.where(starts_with(cls.name_key, name) | starts_with(cls.first_name_key, name))
        if status:
            query = query.where(cls.status == status)
        return query.order_by(cls.name_key, cls.id)

    @classmethod
    def holding_household(cls, household):
        """The open dossier of a household at any operator, or None (the household rule)."""
        return cls.get_or_none(cls.household_slot == household)

    @classmethod
    def open_for_person(cls, national_number):
        """The person's open dossier at any operator, or None."""
        return cls.get_or_none((cls.national_number == national_number) & cls.status.in_(Status.OPEN))

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


class ActionKind:
    REQUESTED = "requested"
    DECIDED = "decided"  # the eligibility source answered a pending request
    ACTIVATED = "activated"
    MODIFIED = "modified"
    STOPPED = "stopped"
    TRANSFERRED_IN = "transferred_in"  # this operator took the tariff over
    TRANSFERRED_OUT = "transferred_out"  # another operator took it over
    TRANSFER_CANCELLED = "transfer_cancelled"  # on the other operator's dossier
    CANCELLED = "cancelled"

    ALL = (REQUESTED, DECIDED, ACTIVATED, MODIFIED, STOPPED, TRANSFERRED_IN, TRANSFERRED_OUT,
           TRANSFER_CANCELLED, CANCELLED)
    # what "Annulatie van een actie" may undo
    CANCELLABLE = (MODIFIED, STOPPED, TRANSFERRED_IN)
    # steps another operator caused: their history names no user of that operator
    BY_OTHER_OPERATOR = (TRANSFERRED_OUT, TRANSFER_CANCELLED)


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
        return self.kind in ActionKind.BY_OTHER_OPERATOR

    def values_before(self):
        """The dossier's values before this step, each in its field's own type (dates): what undoing
        it writes back."""
        fields = Dossier._meta.fields
        return {name: fields[name].python_value(old) for name, (old, _new) in self.change_dict.items()}

    @classmethod
    def history(cls, dossier):
        """The dossier's actions, newest first."""
        return cls.select().where(cls.dossier == dossier).order_by(cls.id.desc())

    @classmethod
    def last_of(cls, dossier):
        """The dossier's most recent action, or None."""
        return cls.history(dossier).first()


class TaskKind:
    MISSING_DATA = "missing_data"  # Ontbrekende gegevens invullen
    CLOSE_DOSSIER = "close_dossier"  # Dossier afsluiten
    END_REDUCTION = "end_reduction"  # Reductie beëindigen

    ALL = (MISSING_DATA, CLOSE_DOSSIER, END_REDUCTION)


class TaskStatus:
    OPEN = "open"
    HANDLED = "handled"

    ALL = (OPEN, HANDLED)


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
    handled_at = DateTimeField(null=True)
    handled_by = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    handled_by_name = CharField(max_length=210, default="")

    class Meta:
        indexes = (
            (("enterprise", "status", "kind", "created_at"), False),
            (("enterprise", "kind", "created_at"), False),
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
