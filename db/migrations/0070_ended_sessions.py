"""Why a session ended, kept a day for the login page: the token's key, the reason, the end."""

from db.migrations._ddl import execute

STATEMENTS = [
    ('CREATE TABLE "ended_session" ("key" VARCHAR(64) NOT NULL PRIMARY KEY, "reason" VARCHAR(20) NOT NULL,'
     ' "ended_at" TIMESTAMP NOT NULL)'),
    'CREATE INDEX "ended_session_ended_at" ON "ended_session" ("ended_at")',
]


def upgrade(migrator, database):
    """Add the table of ended sessions."""
    execute(database, STATEMENTS)
