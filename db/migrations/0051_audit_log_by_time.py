"""The officer's audit log over every enterprise reads the events newest first: an index on the time."""

from db.migrations._ddl import execute

STATEMENTS = ['CREATE INDEX "audit_event_at" ON "audit_event" ("at")']


def upgrade(migrator, database):
    execute(database, STATEMENTS)
