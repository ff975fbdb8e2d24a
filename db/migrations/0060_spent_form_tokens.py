"""The one-time form tokens a change spends (spent_form_token), as made when this was written."""

from db.migrations._ddl import execute

STATEMENTS = [
    ('CREATE TABLE "spent_form_token" ("id" SERIAL NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL,'
     ' "key" VARCHAR(64) NOT NULL, "purpose" VARCHAR(100) NOT NULL, "answer" TEXT NOT NULL,'
     ' "spent_at" TIMESTAMP NOT NULL,'
     ' FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "spent_form_token_account_id" ON "spent_form_token" ("account_id")',
    'CREATE UNIQUE INDEX "spent_form_token_account_id_key" ON "spent_form_token" ("account_id", "key")',
    'CREATE INDEX "spent_form_token_spent_at" ON "spent_form_token" ("spent_at")',
]


def upgrade(migrator, database):
    """Create the table."""
    execute(database, STATEMENTS)
