"""The audit log names the system that acted (the nightly job, the command line, the XML channel)."""

from peewee import CharField
from playhouse.migrate import migrate


def upgrade(migrator, database):
    """Add audit_event.actor_system (empty for the events recorded before)."""
    migrate(migrator.add_column("audit_event", "actor_system", CharField(max_length=32, default="")))
