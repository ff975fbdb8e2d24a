"""Server-side sessions (account_session) and sign-in failures per account and client address
(sign_in_failure), as they were made when this migration was written."""

from db.migrations._ddl import execute

STATEMENTS = [
    ('CREATE TABLE "account_session" ("key" VARCHAR(64) NOT NULL PRIMARY KEY, "account_id" INTEGER,'
     ' "credential_id" INTEGER, "created_at" TIMESTAMP NOT NULL, "last_seen_at" TIMESTAMP NOT NULL,'
     ' "expires_at" TIMESTAMP NOT NULL, "address" VARCHAR(45) NOT NULL, "user_agent" VARCHAR(255) NOT'
     ' NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE, FOREIGN KEY'
     ' ("credential_id") REFERENCES "provisional_credential" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "account_session_account_id" ON "account_session" ("account_id")',
    'CREATE INDEX "account_session_credential_id" ON "account_session" ("credential_id")',
    ('CREATE INDEX "account_session_account_id_last_seen_at" ON "account_session" ("account_id",'
     ' "last_seen_at")'),
    ('CREATE TABLE "sign_in_failure" ("id" SERIAL NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL,'
     ' "client" VARCHAR(45) NOT NULL, "failures" INTEGER NOT NULL, "locked_until" TIMESTAMP,'
     ' "lock_count" INTEGER NOT NULL, "last_failed_at" TIMESTAMP NOT NULL, FOREIGN KEY ("account_id")'
     ' REFERENCES "account" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "sign_in_failure_account_id" ON "sign_in_failure" ("account_id")',
    ('CREATE UNIQUE INDEX "sign_in_failure_account_id_client" ON "sign_in_failure" ("account_id",'
     ' "client")'),
]


def upgrade(migrator, database):
    """Create the two tables and their indexes; no existing table changes."""
    execute(database, STATEMENTS)
