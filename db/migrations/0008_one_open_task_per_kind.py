"""One open task of a kind per dossier, decided by the database (two nightly runs at once)."""

from db.migrations._ddl import execute

STATEMENTS = [
    # open duplicates that two runs made before this index: the oldest of each stays open
    ('UPDATE "task" SET "status" = \'handled\' WHERE "status" = \'open\' AND "id" NOT IN'
     ' (SELECT MIN("id") FROM "task" WHERE "status" = \'open\' GROUP BY "dossier_id", "kind")'),
    ('CREATE UNIQUE INDEX "task_one_open_per_dossier_and_kind" ON "task" ("dossier_id", "kind")'
     ' WHERE ("status" = \'open\')'),
]


def upgrade(migrator, database):
    """Close the duplicates, then add the unique index on the open tasks."""
    execute(database, STATEMENTS)
