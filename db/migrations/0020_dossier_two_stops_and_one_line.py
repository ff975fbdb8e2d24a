"""The dossier as the regulator keeps it: the two stops (which one, the text of "Andere"), scheduled
stops the nightly job finds by their end date, one open dossier per line number across operators,
and a task closed while its cause was still there keeps why."""

from peewee import CharField, DateTimeField, TextField
from playhouse.migrate import migrate

from db.migrations._ddl import execute

OPEN = "('requested', 'awaiting_activation', 'active')"
DUPLICATES = ('SELECT "line_number", COUNT(*) FROM "dossier" WHERE "status" IN ' + OPEN +
              ' GROUP BY "line_number" HAVING COUNT(*) > 1')
STATEMENTS = [
    'CREATE INDEX "dossier_ended_on_status" ON "dossier" ("ended_on", "status")',
    ('CREATE UNIQUE INDEX "dossier_one_open_per_line" ON "dossier" ("line_number")'
     ' WHERE ("status" IN ' + OPEN + ')'),
    # the stops recorded before: one stop ended the reduction and the tariff
    'UPDATE "dossier" SET "stop_kind" = \'tariff\' WHERE "stop_reason" IS NOT NULL',
]


def upgrade(migrator, database):
    """Add the columns and the indexes; refuse, naming the lines, when two open dossiers share one."""
    shared = database.execute_sql(DUPLICATES).fetchall()
    if shared:
        lines = ", ".join(row[0] for row in shared)
        raise RuntimeError(f"These line numbers have more than one open dossier: {lines}. Stop all but "
                           "one of each (flask --app app stts ...) and migrate again.")
    migrate(
        migrator.add_column("dossier", "stop_kind", CharField(max_length=16, null=True)),
        migrator.add_column("dossier", "stop_note", CharField(max_length=500, null=True)),
        migrator.add_column("dossier", "address_corrected_at", DateTimeField(null=True)),
        migrator.add_column("task", "closed_without_cause", TextField(default="")),
    )
    execute(database, STATEMENTS)
