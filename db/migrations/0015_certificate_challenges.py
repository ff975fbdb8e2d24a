"""Proof of possession for certificates: the challenges an enterprise signs, and one active
registration per certificate in the whole service."""

from db.migrations._ddl import execute

STATEMENTS = [
    ('CREATE TABLE "certificate_challenge" ("id" SERIAL NOT NULL PRIMARY KEY, "enterprise_id" INTEGER'
     ' NOT NULL, "nonce" VARCHAR(80) NOT NULL, "created_at" TIMESTAMP NOT NULL, "expires_at" TIMESTAMP'
     ' NOT NULL, "used_at" TIMESTAMP, FOREIGN KEY ("enterprise_id") REFERENCES "enterprise" ("id")'
     ' ON DELETE CASCADE)'),
    'CREATE UNIQUE INDEX "certificate_challenge_nonce" ON "certificate_challenge" ("nonce")',
    'CREATE INDEX "certificate_challenge_enterprise_id" ON "certificate_challenge" ("enterprise_id")',
    ('CREATE INDEX "certificate_challenge_enterprise_id_created_at" ON "certificate_challenge"'
     ' ("enterprise_id", "created_at")'),
    # the old upload refused a certificate active elsewhere, so there are no duplicates to end first
    ('CREATE UNIQUE INDEX "certificate_one_active_per_fingerprint" ON "certificate" ("fingerprint")'
     ' WHERE ("status" = \'active\')'),
]


def upgrade(migrator, database):
    """The challenges' table, and the unique index on active fingerprints."""
    execute(database, STATEMENTS)
