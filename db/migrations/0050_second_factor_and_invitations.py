"""The second factor (second_factor, recovery_code), invitations (invitation), the enterprise's
"second factor for everybody" switch and an account's block reason, as they were made when this
migration was written."""

from db.migrations._ddl import execute

STATEMENTS = [
    ('CREATE TABLE "second_factor" ("id" SERIAL NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL,'
     ' "secret" TEXT NOT NULL, "confirmed_at" TIMESTAMP, "last_step" BIGINT NOT NULL, "grace_until"'
     ' TIMESTAMP, "created_at" TIMESTAMP NOT NULL, FOREIGN KEY ("account_id") REFERENCES "account" ("id")'
     ' ON DELETE CASCADE)'),
    'CREATE UNIQUE INDEX "second_factor_account_id" ON "second_factor" ("account_id")',
    ('CREATE TABLE "recovery_code" ("id" SERIAL NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL,'
     ' "code_hash" VARCHAR(64) NOT NULL, "used_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL,'
     ' FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "recovery_code_account_id" ON "recovery_code" ("account_id")',
    'CREATE UNIQUE INDEX "recovery_code_account_id_code_hash" ON "recovery_code" ("account_id", "code_hash")',
    ('CREATE TABLE "invitation" ("id" SERIAL NOT NULL PRIMARY KEY, "account_id" INTEGER NOT NULL,'
     ' "token_hash" VARCHAR(64) NOT NULL, "created_at" TIMESTAMP NOT NULL, "expires_at" TIMESTAMP NOT NULL,'
     ' "used_at" TIMESTAMP, FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "invitation_account_id" ON "invitation" ("account_id")',
    'CREATE UNIQUE INDEX "invitation_token_hash" ON "invitation" ("token_hash")',
    'CREATE INDEX "invitation_expires_at" ON "invitation" ("expires_at")',
    'ALTER TABLE "enterprise" ADD COLUMN "second_factor_required" BOOLEAN NOT NULL DEFAULT FALSE',
    'ALTER TABLE "account" ADD COLUMN "block_reason" VARCHAR(16) NOT NULL DEFAULT \'\'',
]


def upgrade(migrator, database):
    """Create the three tables; add a column to enterprise and to account."""
    execute(database, STATEMENTS)
