"""Search by every word of a name: the account_term and dossier_term tables (a row per word a
user or a dossier is found by), filled in for the accounts and dossiers there are."""

from db.migrations._ddl import execute
from db.text import search_terms

STATEMENTS = [
    ('CREATE TABLE IF NOT EXISTS "account_term" ("enterprise_id" INTEGER NOT NULL, "term"'
     ' VARCHAR(100) NOT NULL COLLATE "C", "account_id" INTEGER NOT NULL,'
     ' PRIMARY KEY ("enterprise_id", "term", "account_id"),'
     ' FOREIGN KEY ("enterprise_id") REFERENCES "enterprise" ("id") ON DELETE CASCADE,'
     ' FOREIGN KEY ("account_id") REFERENCES "account" ("id") ON DELETE CASCADE)'),
    ('CREATE INDEX IF NOT EXISTS "account_term_account_id_term" ON "account_term" ("account_id", "term")'),
    ('CREATE TABLE IF NOT EXISTS "dossier_term" ("enterprise_id" INTEGER NOT NULL, "term"'
     ' VARCHAR(100) NOT NULL COLLATE "C", "dossier_id" INTEGER NOT NULL,'
     ' PRIMARY KEY ("enterprise_id", "term", "dossier_id"),'
     ' FOREIGN KEY ("enterprise_id") REFERENCES "enterprise" ("id") ON DELETE CASCADE,'
     ' FOREIGN KEY ("dossier_id") REFERENCES "dossier" ("id") ON DELETE CASCADE)'),
    ('CREATE INDEX IF NOT EXISTS "dossier_term_dossier_id_term" ON "dossier_term" ("dossier_id", "term")'),
]

BATCH = 5000


def upgrade(migrator, database):
    """Create both tables with their indexes, and write the words of every account and dossier."""
    execute(database, STATEMENTS)
    _fill(database, "account_term", "account_id",
          'SELECT "id", "enterprise_id", "first_name", "last_name", "username" FROM "account"'
          ' WHERE "enterprise_id" IS NOT NULL AND "id" > {marker} ORDER BY "id" LIMIT {batch}')
    _fill(database, "dossier_term", "dossier_id",
          'SELECT "id", "enterprise_id", "first_name", "last_name" FROM "dossier"'
          ' WHERE "id" > {marker} ORDER BY "id" LIMIT {batch}')


def _fill(database, table, column, select):
    marker = database.param
    insert = (f'INSERT INTO "{table}" ("enterprise_id", "term", "{column}")'
              f' VALUES ({marker}, {marker}, {marker}) ON CONFLICT DO NOTHING')
    after = 0
    while True:
        rows = database.execute_sql(select.format(marker=marker, batch=BATCH), (after,)).fetchall()
        if not rows:
            return
        values = [(enterprise_id, term[:100], row_id)
                  for row_id, enterprise_id, *names in rows for term in search_terms(*names)]
        if values:
            database.cursor().executemany(insert, values)
        after = rows[-1][0]
