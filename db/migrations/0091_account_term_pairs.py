"""Every account also gets the pairs of its search words as terms (db.text.PAIR_MARK): a user search
of several words walks only the accounts that have two of them, not every account that has the
rarer one."""

from db.text import pair_terms, search_terms

BATCH = 2000


def upgrade(migrator, database):
    """Add the pair terms of every account of an enterprise to account_term."""
    marker = database.param
    insert = ('INSERT INTO "account_term" ("enterprise_id", "term", "account_id")'
              f" VALUES ({marker}, {marker}, {marker}) ON CONFLICT DO NOTHING")
    select = ('SELECT "id", "enterprise_id", "first_name", "last_name", "username" FROM "account"'
              f' WHERE "enterprise_id" IS NOT NULL AND "id" > {marker} ORDER BY "id" LIMIT {BATCH}')
    after = 0
    while True:
        rows = database.execute_sql(select, (after,)).fetchall()
        if not rows:
            return
        values = [(enterprise_id, term[:100], row_id) for row_id, enterprise_id, *names in rows
                  for term in pair_terms(search_terms(*names))]
        if values:
            database.cursor().executemany(insert, values)
        after = rows[-1][0]
