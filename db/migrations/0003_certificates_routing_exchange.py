"""The enterprise's certificates, the Routing Module and the structured-message registration."""

from db.migrations._ddl import execute

# the four tables and their indexes, as they were made when this migration was written
STATEMENTS = [
    ('CREATE TABLE "certificate" ("id" SERIAL NOT NULL PRIMARY KEY, "enterprise_id" INTEGER NOT'
     ' NULL, "status" VARCHAR(16) NOT NULL, "subject" TEXT NOT NULL, "issuer" TEXT NOT NULL,'
     ' "serial_number" VARCHAR(64) NOT NULL, "not_before" TIMESTAMP NOT NULL, "not_after"'
     ' TIMESTAMP NOT NULL, "fingerprint" VARCHAR(64) NOT NULL, "key_description" VARCHAR(40) NOT'
     ' NULL, "pem" TEXT NOT NULL, "registered_at" TIMESTAMP NOT NULL, "registered_by_id" INTEGER,'
     ' "registered_by_name" VARCHAR(210) NOT NULL, "ended_at" TIMESTAMP, "ended_by_id" INTEGER,'
     ' "ended_by_name" VARCHAR(210) NOT NULL, FOREIGN KEY ("enterprise_id") REFERENCES'
     ' "enterprise" ("id") ON DELETE CASCADE, FOREIGN KEY ("registered_by_id") REFERENCES'
     ' "account" ("id") ON DELETE SET NULL, FOREIGN KEY ("ended_by_id") REFERENCES "account"'
     ' ("id") ON DELETE SET NULL)'),
    'CREATE INDEX "certificate_enterprise_id" ON "certificate" ("enterprise_id")',
    'CREATE INDEX "certificate_fingerprint" ON "certificate" ("fingerprint")',
    'CREATE INDEX "certificate_registered_by_id" ON "certificate" ("registered_by_id")',
    'CREATE INDEX "certificate_ended_by_id" ON "certificate" ("ended_by_id")',
    ('CREATE INDEX "certificate_enterprise_id_registered_at" ON "certificate" ("enterprise_id",'
     ' "registered_at")'),
    ('CREATE UNIQUE INDEX "certificate_one_active_per_enterprise" ON "certificate"'
     ' ("enterprise_id") WHERE ("status" = \'active\')'),
    ('CREATE TABLE "routing_rule" ("id" SERIAL NOT NULL PRIMARY KEY, "enterprise_id" INTEGER NOT'
     ' NULL, "application_id" INTEGER NOT NULL, "destination" VARCHAR(24) NOT NULL, "email"'
     ' VARCHAR(254), "version" INTEGER NOT NULL, "updated_at" TIMESTAMP NOT NULL, FOREIGN KEY'
     ' ("enterprise_id") REFERENCES "enterprise" ("id") ON DELETE CASCADE, FOREIGN KEY'
     ' ("application_id") REFERENCES "application" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "routing_rule_enterprise_id" ON "routing_rule" ("enterprise_id")',
    'CREATE INDEX "routing_rule_application_id" ON "routing_rule" ("application_id")',
    ('CREATE UNIQUE INDEX "routing_rule_enterprise_id_application_id" ON "routing_rule"'
     ' ("enterprise_id", "application_id")'),
    ('CREATE TABLE "exchange_registration" ("id" SERIAL NOT NULL PRIMARY KEY, "enterprise_id"'
     ' INTEGER NOT NULL, "technical_sender_id" INTEGER, "technical_sender_name" VARCHAR(210) NOT'
     ' NULL, "authentication" VARCHAR(16) NOT NULL, "version" INTEGER NOT NULL, "updated_at"'
     ' TIMESTAMP NOT NULL, FOREIGN KEY ("enterprise_id") REFERENCES "enterprise" ("id") ON DELETE'
     ' CASCADE, FOREIGN KEY ("technical_sender_id") REFERENCES "account" ("id") ON DELETE SET'
     ' NULL)'),
    ('CREATE UNIQUE INDEX "exchange_registration_enterprise_id" ON "exchange_registration"'
     ' ("enterprise_id")'),
    ('CREATE INDEX "exchange_registration_technical_sender_id" ON "exchange_registration"'
     ' ("technical_sender_id")'),
    ('CREATE TABLE "exchange_application" ("id" SERIAL NOT NULL PRIMARY KEY, "registration_id"'
     ' INTEGER NOT NULL, "application_id" INTEGER NOT NULL, FOREIGN KEY ("registration_id")'
     ' REFERENCES "exchange_registration" ("id") ON DELETE CASCADE, FOREIGN KEY ("application_id")'
     ' REFERENCES "application" ("id") ON DELETE CASCADE)'),
    'CREATE INDEX "exchange_application_registration_id" ON "exchange_application" ("registration_id")',
    'CREATE INDEX "exchange_application_application_id" ON "exchange_application" ("application_id")',
    ('CREATE UNIQUE INDEX "exchange_application_registration_id_application_id" ON'
     ' "exchange_application" ("registration_id", "application_id")'),
]


def upgrade(migrator, database):
    """Create the four new tables (and their indexes); existing tables do not change."""
    execute(database, STATEMENTS)
