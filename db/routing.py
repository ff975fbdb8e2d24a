"""The Routing Module: per secured application, where an enterprise's notifications and tasks go."""

from flask_babel import lazy_gettext as _l
from peewee import JOIN, CharField, DateTimeField, ForeignKeyField, IntegerField

from db.applications import Application
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
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
