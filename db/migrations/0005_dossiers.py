"""The STTS application: the eligibility register, dossiers, their history and the operator's tasks."""

from db.migrations._ddl import execute

# the four tables and their indexes, as they were made when this migration was written
STATEMENTS = [
    ('CREATE TABLE "register_entry" ("id" SERIAL NOT NULL PRIMARY KEY, "national_number"'
     ' VARCHAR(11) NOT NULL, "last_name" VARCHAR(100) NOT NULL, "first_name" VARCHAR(100) NOT'
     ' NULL, "household" VARCHAR(40) NOT NULL, "categories" VARCHAR(200) NOT NULL, "died_on" DATE,'
     ' "updated_at" TIMESTAMP NOT NULL)'),
    'CREATE UNIQUE INDEX "register_entry_national_number" ON "register_entry" ("national_number")',
    'CREATE INDEX "register_entry_household" ON "register_entry" ("household")',
    ('CREATE TABLE "dossier" ("id" SERIAL NOT NULL PRIMARY KEY, "enterprise_id" INTEGER NOT NULL,'
     ' "national_number" VARCHAR(11) NOT NULL COLLATE "C", "last_name" VARCHAR(100) NOT NULL,'
     ' "first_name" VARCHAR(100) NOT NULL, "name_key" VARCHAR(201) NOT NULL COLLATE "C", "street"'
     ' VARCHAR(200) NOT NULL, "postcode" VARCHAR(4) NOT NULL, "city" VARCHAR(100) NOT NULL,'
     ' "language" VARCHAR(2) NOT NULL, "category" VARCHAR(16) NOT NULL, "formula" VARCHAR(16) NOT'
     ' NULL, "customer_number" VARCHAR(40) COLLATE "C", "line_number" VARCHAR(16) NOT NULL COLLATE'
     ' "C", "requested_on" DATE NOT NULL, "activated_on" DATE, "first_invoice_on" DATE, "ended_on"'
     ' DATE, "status" VARCHAR(24) NOT NULL, "stop_reason" VARCHAR(24), "refusal_reason"'
     ' VARCHAR(24), "household" VARCHAR(40) NOT NULL, "household_slot" VARCHAR(40),'
     ' "transferred_from_id" INTEGER, "form_token" VARCHAR(64), "version" INTEGER NOT NULL,'
     ' "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL, FOREIGN KEY'
     ' ("enterprise_id") REFERENCES "enterprise" ("id") ON DELETE CASCADE, FOREIGN KEY'
     ' ("transferred_from_id") REFERENCES "dossier" ("id") ON DELETE SET NULL)'),
    'CREATE INDEX "dossier_enterprise_id" ON "dossier" ("enterprise_id")',
    'CREATE UNIQUE INDEX "dossier_household_slot" ON "dossier" ("household_slot")',
    'CREATE INDEX "dossier_transferred_from_id" ON "dossier" ("transferred_from_id")',
    'CREATE UNIQUE INDEX "dossier_form_token" ON "dossier" ("form_token")',
    ('CREATE INDEX "dossier_enterprise_id_national_number" ON "dossier" ("enterprise_id",'
     ' "national_number")'),
    'CREATE INDEX "dossier_enterprise_id_line_number" ON "dossier" ("enterprise_id", "line_number")',
    ('CREATE INDEX "dossier_enterprise_id_customer_number" ON "dossier" ("enterprise_id",'
     ' "customer_number")'),
    'CREATE INDEX "dossier_enterprise_id_name_key_id" ON "dossier" ("enterprise_id", "name_key", "id")',
    ('CREATE INDEX "dossier_enterprise_id_status_name_key_id" ON "dossier" ("enterprise_id",'
     ' "status", "name_key", "id")'),
    'CREATE INDEX "dossier_national_number_line_number" ON "dossier" ("national_number", "line_number")',
    'CREATE INDEX "dossier_status_id" ON "dossier" ("status", "id")',
    ('CREATE TABLE "dossier_action" ("id" SERIAL NOT NULL PRIMARY KEY, "dossier_id" INTEGER NOT'
     ' NULL, "kind" VARCHAR(24) NOT NULL, "at" TIMESTAMP NOT NULL, "performer_id" INTEGER,'
     ' "performer_name" VARCHAR(210) NOT NULL, "changes" TEXT NOT NULL, "undoes_id" INTEGER,'
     ' FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE, FOREIGN KEY'
     ' ("performer_id") REFERENCES "account" ("id") ON DELETE SET NULL, FOREIGN KEY ("undoes_id")'
     ' REFERENCES "dossier_action" ("id") ON DELETE SET NULL)'),
    'CREATE INDEX "dossier_action_dossier_id" ON "dossier_action" ("dossier_id")',
    'CREATE INDEX "dossier_action_performer_id" ON "dossier_action" ("performer_id")',
    'CREATE INDEX "dossier_action_undoes_id" ON "dossier_action" ("undoes_id")',
    'CREATE INDEX "dossier_action_dossier_id_id" ON "dossier_action" ("dossier_id", "id")',
    ('CREATE TABLE "task" ("id" SERIAL NOT NULL PRIMARY KEY, "enterprise_id" INTEGER NOT NULL,'
     ' "dossier_id" INTEGER NOT NULL, "kind" VARCHAR(16) NOT NULL, "status" VARCHAR(8) NOT NULL,'
     ' "created_at" TIMESTAMP NOT NULL, "cause_id" INTEGER, "comment" TEXT NOT NULL, "handled_at"'
     ' TIMESTAMP, "handled_by_id" INTEGER, "handled_by_name" VARCHAR(210) NOT NULL, FOREIGN KEY'
     ' ("enterprise_id") REFERENCES "enterprise" ("id") ON DELETE CASCADE, FOREIGN KEY'
     ' ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE, FOREIGN KEY ("cause_id")'
     ' REFERENCES "dossier_action" ("id") ON DELETE SET NULL, FOREIGN KEY ("handled_by_id")'
     ' REFERENCES "account" ("id") ON DELETE SET NULL)'),
    'CREATE INDEX "task_enterprise_id" ON "task" ("enterprise_id")',
    'CREATE INDEX "task_dossier_id" ON "task" ("dossier_id")',
    'CREATE INDEX "task_cause_id" ON "task" ("cause_id")',
    'CREATE INDEX "task_handled_by_id" ON "task" ("handled_by_id")',
    ('CREATE INDEX "task_enterprise_id_status_kind_created_at" ON "task" ("enterprise_id",'
     ' "status", "kind", "created_at")'),
    'CREATE INDEX "task_enterprise_id_kind_created_at" ON "task" ("enterprise_id", "kind", "created_at")',
    'CREATE INDEX "task_dossier_id_status" ON "task" ("dossier_id", "status")',
]


def upgrade(migrator, database):
    """Create the four new tables (and their indexes); existing tables do not change."""
    execute(database, STATEMENTS)
