"""Dossiers are found by the beginning of the first name too: a search key for it, and its index."""

from db.migrations._ddl import execute
from db.text import search_key

STATEMENTS = [
    'ALTER TABLE "dossier" ADD COLUMN "first_name_key" VARCHAR(100) NOT NULL DEFAULT \'\' COLLATE "C"',
    'CREATE INDEX "dossier_enterprise_id_first_name_key" ON "dossier" ("enterprise_id", "first_name_key")',
]


def upgrade(migrator, database):
    """Add dossier.first_name_key with its index, and fill it in for the dossiers there are."""
    if "first_name_key" not in {column.name for column in database.get_columns("dossier")}:
        execute(database, STATEMENTS)
    # one UPDATE per first name, not per dossier: the key is made in Python (accents, case)
    first_names = [row[0] for row in database.execute_sql('SELECT DISTINCT "first_name" FROM "dossier"')]
    marker = database.param
    update = f'UPDATE "dossier" SET "first_name_key" = {marker} WHERE "first_name" = {marker}'
    for first_name in first_names:
        database.execute_sql(update, (search_key(first_name), first_name))
