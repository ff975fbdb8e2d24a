"""Account ids are never handed out again: SQLite's account table is rebuilt with AUTOINCREMENT
(PostgreSQL's SERIAL never reuses a value already). The session epoch goes (sessions are rows now,
migration 0011); the account-wide lock-out counts its locks (lock_count) to double each one.

SQLite cannot add AUTOINCREMENT to a table: the table is made anew, the rows copied, the old table
dropped, the new one renamed and the indexes made again, with the foreign keys switched off
meanwhile (FOREIGN_KEYS_OFF, see db.schema) so that dropping it cascades to nothing; they are
checked before the commit.
"""

import re

from peewee import PostgresqlDatabase

FOREIGN_KEYS_OFF = True

POSTGRESQL = [
    'ALTER TABLE "account" DROP COLUMN "session_epoch"',
    'ALTER TABLE "account" ADD COLUMN "lock_count" INTEGER NOT NULL DEFAULT 0',
]


def upgrade(migrator, database):
    """Rebuild SQLite's account table with AUTOINCREMENT; on both, session_epoch out, lock_count in."""
    postgresql = isinstance(getattr(database, "obj", database), PostgresqlDatabase)
    if postgresql:
        for statement in POSTGRESQL:
            database.execute_sql(statement)
        return
    _rebuild_with_autoincrement(database)
    problems = database.execute_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"foreign keys broken by the rebuild of account: {problems[:5]}")


def _rebuild_with_autoincrement(database):
    """SQLite's way to change a table (its 'generalized ALTER TABLE procedure'): the table as it is
    now, with AUTOINCREMENT and without session_epoch, made anew from its own CREATE statement; its
    rows copied; its indexes made again. Read from the database, not written here, so that the
    columns and indexes the table has, whichever they are, all come through."""
    def rows(sql):
        return database.execute_sql(sql).fetchall()

    (table,), = rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'account'")
    indexes = [sql for (sql,) in rows("SELECT sql FROM sqlite_master WHERE type = 'index' "
                                      "AND tbl_name = 'account' AND sql IS NOT NULL")]
    columns = ", ".join(f'"{name}"' for _cid, name, *_ in rows('PRAGMA table_info("account")')
                        if name != "session_epoch")
    table = table.replace('"account"', '"account_new"', 1)
    table = re.sub(r'("id" INTEGER NOT NULL PRIMARY KEY)(?! AUTOINCREMENT)', r"\1 AUTOINCREMENT", table,
                   count=1)
    table = re.sub(r'"session_epoch" INTEGER NOT NULL(?: DEFAULT \d+)?,\s*', "", table)
    database.execute_sql(table)
    database.execute_sql(f'INSERT INTO "account_new" ({columns}) SELECT {columns} FROM "account"')
    database.execute_sql('DROP TABLE "account"')
    database.execute_sql('ALTER TABLE "account_new" RENAME TO "account"')
    for index in indexes:
        database.execute_sql(index)
    if not any(name == "lock_count" for _cid, name, *_ in rows('PRAGMA table_info("account")')):
        database.execute_sql('ALTER TABLE "account" ADD COLUMN "lock_count" INTEGER NOT NULL DEFAULT 0')
