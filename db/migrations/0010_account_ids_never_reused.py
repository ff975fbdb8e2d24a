"""Account ids are never handed out again: SQLite's account table is rebuilt with AUTOINCREMENT
(PostgreSQL's SERIAL never reuses a value already). The session epoch goes (sessions are rows now,
migration 0011); the account-wide lock-out counts its locks (lock_count) to double each one.

SQLite cannot add AUTOINCREMENT to a table: the table is made anew, the rows copied, the old table
dropped and the new one renamed, with the foreign keys switched off meanwhile (FOREIGN_KEYS_OFF,
see db.schema) so that dropping it cascades to nothing; they are checked before the commit.
"""

from peewee import PostgresqlDatabase

FOREIGN_KEYS_OFF = True

COLUMNS = ('"id", "enterprise_id", "role", "username", "first_name", "last_name", "first_name_key",'
           ' "last_name_key", "national_number", "email", "language", "password_hash",'
           ' "must_change_password", "blocked", "failed_logins", "locked_until", "stts_profile", "version",'
           ' "created_at", "updated_at", "last_login_at"')

SQLITE = [
    ('CREATE TABLE "account_new" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "enterprise_id"'
     ' INTEGER, "role" VARCHAR(16) NOT NULL, "username" VARCHAR(50) NOT NULL, "first_name" VARCHAR(100)'
     ' NOT NULL, "last_name" VARCHAR(100) NOT NULL, "first_name_key" VARCHAR(100) NOT NULL,'
     ' "last_name_key" VARCHAR(100) NOT NULL, "national_number" VARCHAR(11), "email" VARCHAR(254),'
     ' "language" VARCHAR(2) NOT NULL, "password_hash" VARCHAR(255) NOT NULL, "must_change_password"'
     ' INTEGER NOT NULL, "blocked" INTEGER NOT NULL, "failed_logins" INTEGER NOT NULL, "locked_until"'
     ' DATETIME, "lock_count" INTEGER NOT NULL DEFAULT 0, "stts_profile" VARCHAR(8), "version" INTEGER'
     ' NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "last_login_at"'
     ' DATETIME, FOREIGN KEY ("enterprise_id") REFERENCES "enterprise" ("id") ON DELETE CASCADE)'),
    f'INSERT INTO "account_new" ({COLUMNS}) SELECT {COLUMNS} FROM "account"',
    'DROP TABLE "account"',
    'ALTER TABLE "account_new" RENAME TO "account"',
    'CREATE INDEX "account_enterprise_id" ON "account" ("enterprise_id")',
    'CREATE UNIQUE INDEX "account_username" ON "account" ("username")',
    ('CREATE UNIQUE INDEX "account_enterprise_id_national_number" ON "account" ("enterprise_id",'
     ' "national_number")'),
    ('CREATE INDEX "account_enterprise_id_last_name_key_first_name_key_id" ON "account" ("enterprise_id",'
     ' "last_name_key", "first_name_key", "id")'),
    'CREATE INDEX "account_enterprise_id_first_name_key" ON "account" ("enterprise_id", "first_name_key")',
    'CREATE INDEX "account_enterprise_id_username" ON "account" ("enterprise_id", "username")',
]

POSTGRESQL = [
    'ALTER TABLE "account" DROP COLUMN "session_epoch"',
    'ALTER TABLE "account" ADD COLUMN "lock_count" INTEGER NOT NULL DEFAULT 0',
]


def upgrade(migrator, database):
    """Rebuild SQLite's account table with AUTOINCREMENT; on both, session_epoch out, lock_count in."""
    postgresql = isinstance(getattr(database, "obj", database), PostgresqlDatabase)
    for statement in POSTGRESQL if postgresql else SQLITE:
        database.execute_sql(statement)
    if not postgresql:
        problems = database.execute_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign keys broken by the rebuild of account: {problems[:5]}")
