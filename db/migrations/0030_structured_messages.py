"""The structured-message channel: messages received with their acknowledgement and the outcome
of each record; and where each new task was announced (the Routing Module's e-mail)."""

from peewee import PostgresqlDatabase

from db.migrations._ddl import execute

# the three tables and their indexes, as they were made when this migration was written
STATEMENTS = [
    ('CREATE TABLE "task_notice" ("id" SERIAL NOT NULL PRIMARY KEY, "task_id" INTEGER NOT'
     ' NULL, "destination" VARCHAR(24) NOT NULL, "email" VARCHAR(254), "noticed_at" TIMESTAMP'
     ' NOT NULL, "sent_at" TIMESTAMP, "error" VARCHAR(500) NOT NULL, FOREIGN KEY ("task_id")'
     ' REFERENCES "task" ("id") ON DELETE CASCADE)'),
    'CREATE UNIQUE INDEX "task_notice_task_id" ON "task_notice" ("task_id")',
    ('CREATE TABLE "received_message" ("id" SERIAL NOT NULL PRIMARY KEY, "enterprise_id"'
     ' INTEGER NOT NULL, "message_id" VARCHAR(64) NOT NULL COLLATE "C", "body_sha256"'
     ' VARCHAR(64) NOT NULL, "channel" VARCHAR(8) NOT NULL, "sender_id" INTEGER, "sender_name"'
     ' VARCHAR(210) NOT NULL, "status" VARCHAR(12) NOT NULL, "created_at" TIMESTAMP,'
     ' "received_at" TIMESTAMP NOT NULL, "heartbeat_at" TIMESTAMP NOT NULL, "processed_at"'
     ' TIMESTAMP, "records" INTEGER NOT NULL, "accepted" INTEGER NOT NULL, "refused" INTEGER'
     ' NOT NULL, "size" INTEGER NOT NULL, "body" BYTEA, "acknowledgement" BYTEA, FOREIGN KEY'
     ' ("enterprise_id") REFERENCES "enterprise" ("id") ON DELETE CASCADE, FOREIGN KEY'
     ' ("sender_id") REFERENCES "account" ("id") ON DELETE SET NULL)'),
    'CREATE INDEX "received_message_enterprise_id" ON "received_message" ("enterprise_id")',
    'CREATE INDEX "received_message_sender_id" ON "received_message" ("sender_id")',
    ('CREATE UNIQUE INDEX "received_message_enterprise_id_message_id" ON "received_message"'
     ' ("enterprise_id", "message_id")'),
    ('CREATE INDEX "received_message_enterprise_id_id" ON "received_message" ("enterprise_id",'
     ' "id")'),
    'CREATE INDEX "received_message_received_at" ON "received_message" ("received_at")',
    ('CREATE TABLE "message_record" ("id" SERIAL NOT NULL PRIMARY KEY, "message_id" INTEGER'
     ' NOT NULL, "position" INTEGER NOT NULL, "sequence" INTEGER NOT NULL, "kind" VARCHAR(16)'
     ' NOT NULL, "status" VARCHAR(8) NOT NULL, "dossier_id" INTEGER, "dossier_status"'
     ' VARCHAR(24) NOT NULL, "code" VARCHAR(64) NOT NULL, "field" VARCHAR(32) NOT NULL, "text"'
     ' TEXT NOT NULL, FOREIGN KEY ("message_id") REFERENCES "received_message" ("id") ON'
     ' DELETE CASCADE, FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE SET'
     ' NULL)'),
    'CREATE INDEX "message_record_message_id" ON "message_record" ("message_id")',
    'CREATE INDEX "message_record_dossier_id" ON "message_record" ("dossier_id")',
    ('CREATE UNIQUE INDEX "message_record_message_id_position" ON "message_record"'
     ' ("message_id", "position")'),
    # the tasks that exist already were shown on the web: no e-mail goes out for them now
    ('INSERT INTO "task_notice" ("task_id", "destination", "noticed_at", "error")'
     ' SELECT "id", \'task_list\', CURRENT_TIMESTAMP, \'\' FROM "task"'),
]


def upgrade(migrator, database):
    """Create the new tables (and their indexes); existing tables do not change."""
    postgresql = isinstance(getattr(database, "obj", database), PostgresqlDatabase)
    blob = "BYTEA" if postgresql else "BLOB"
    execute(database, [statement.replace(" BYTEA", f" {blob}") for statement in STATEMENTS])
