"""Enterprises (operators) known to the access management."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField

from db.base import BaseModel
from db.clock import utcnow
from db.prepared import Slot, Statement


class Enterprise(BaseModel):
    """An operator: identified by its KBO (enterprise) number, its RSZ number, or both."""

    name = CharField(max_length=200)
    kbo_number = CharField(max_length=10, null=True, unique=True)
    rsz_number = CharField(max_length=9, null=True, unique=True)
    email = CharField(max_length=254, null=True)
    language = CharField(max_length=2, default="nl")
    created_at = DateTimeField(default=utcnow)
    version = IntegerField(default=1)
    # the local admin requires a second factor of every user (officers and local admins always have one)
    second_factor_required = BooleanField(default=False)

    def __str__(self):
        return self.name

    @classmethod
    def by_number(cls, kbo_number=None, rsz_number=None):
        """The enterprise with this KBO or RSZ number, or None."""
        clauses = []
        if kbo_number:
            clauses.append(cls.kbo_number == kbo_number)
        if rsz_number:
            clauses.append(cls.rsz_number == rsz_number)
        if not clauses:
            return None
        condition = clauses[0] if len(clauses) == 1 else clauses[0] | clauses[1]
        return cls.get_or_none(condition)


# the attribute of an enterprise under which the session's look-up puts its generation
GENERATION_READ = "generation_read"


class EnterpriseGeneration(BaseModel):
    """How many changes the enterprise's user list has seen (accounts, their applications, their
    clients' locks): counted by the database's triggers (migration 0090), never by the code. The
    user search's remembered answers are keyed on it (web.answer_cache)."""

    enterprise = ForeignKeyField(Enterprise, primary_key=True, backref="+", on_delete="CASCADE")
    generation = IntegerField(default=0)

    class Meta:
        table_name = "enterprise_generation"

    @classmethod
    def of(cls, enterprise_id):
        """The enterprise's generation now (0 for an enterprise without its row)."""
        return _generation(_row_of(enterprise_id))

    @classmethod
    def read_with_session(cls, enterprise):
        """The enterprise's generation as the session's look-up read it at the start of this
        request (db.sessions), without asking again; asked when the enterprise was read otherwise."""
        return _generation(enterprise.joined(GENERATION_READ, lambda: _row_of(enterprise.id)))


def _row_of(enterprise_id):
    return _GENERATION.first(EnterpriseGeneration, enterprise=enterprise_id)


def _generation(row):
    return row.generation if row is not None else 0


# asked on every remembered search: built once (db.prepared)
_GENERATION = Statement(lambda: EnterpriseGeneration.select(EnterpriseGeneration.generation).where(
    EnterpriseGeneration.enterprise == Slot("enterprise", EnterpriseGeneration.enterprise)))
