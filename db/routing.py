"""The Routing Module: per secured application, where an enterprise's notifications and tasks go."""

from flask_babel import lazy_gettext as _l
from peewee import JOIN, SQL, CharField, DateTimeField, ForeignKeyField, IntegerField, fn

from db.applications import Application
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
from db.dossiers import Task
from db.enterprises import Enterprise


class Destination(CodeSet):
    TASK_LIST = "task_list", _l("The task list on the web")
    STRUCTURED_MESSAGES = "structured_messages", _l("The channel for structured messages")
    EMAIL = "email", _l("An e-mail address")


# an application without a rule sends everything to the web task list
DEFAULT_DESTINATION = Destination.TASK_LIST


class RoutingRule(BaseModel):
    """Where one application's notifications and tasks for one enterprise go."""

    enterprise = ForeignKeyField(Enterprise, backref="routing_rules", on_delete="CASCADE")
    application = ForeignKeyField(Application, backref="+", on_delete="CASCADE")
    destination = CharField(max_length=24, default=DEFAULT_DESTINATION)
    email = CharField(max_length=254, null=True)
    # raised on every change, so a stale form cannot overwrite a newer one
    version = IntegerField(default=1)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("enterprise", "application"), True),)

    def __str__(self):
        return self.application.name_nl

    @classmethod
    def of_enterprise(cls, enterprise):
        """The enterprise's rules: the start of every routing query."""
        return cls.select().where(cls.enterprise == enterprise)

    @classmethod
    def table_of(cls, enterprise):
        """Every application of the catalogue with the enterprise's rule as `.rule` (None: default).

        One query: the catalogue, left-joined to this enterprise's rules.
        """
        on = (cls.application == Application.id) & (cls.enterprise == enterprise)
        return (
            Application.select(Application, cls)
            .join(cls, JOIN.LEFT_OUTER, on=on, attr="rule")
            .order_by(Application.position, Application.code)
        )


class TaskNotice(BaseModel):
    """Where a new task was announced, once: by e-mail (when the Routing Module says so), or not at
    all (the web task list and the structured-message feed show it without a notice).

    The unique task decides: of two processes looking at once, one sends the e-mail.
    """

    task = ForeignKeyField(Task, unique=True, backref="+", on_delete="CASCADE")
    destination = CharField(max_length=24)
    email = CharField(max_length=254, null=True)
    noticed_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    # why the e-mail could not be sent (it is tried again by `flask exchange deliver-notices`)
    error = CharField(max_length=500, default="")

    @classmethod
    def newest_task_id(cls):
        """The highest task id that has a notice (0: none yet)."""
        return cls.select(fn.MAX(cls.task)).scalar() or 0

    @classmethod
    def all_noticed_above(cls, floor):
        """True when every task above id `floor` has its notice: two counts of a key range each
        (the tasks' ids, the notices' unique task), no look-up per task."""
        tasks = Task.select(SQL("1")).where(Task.id > floor).count()
        return tasks == cls.select(SQL("1")).where(cls.task > floor).count()

    @classmethod
    def unsent(cls, limit=100):
        """E-mail notices whose sending failed, oldest first (to try again)."""
        return (cls.select().where((cls.destination == Destination.EMAIL) & cls.sent_at.is_null())
                .order_by(cls.id).limit(limit))
