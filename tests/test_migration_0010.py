"""Migrations 0010 and 0011 from an existing database: the account table keeps its rows and what
refers to them, and hands out no id twice after; the session and sign-in-failure tables appear."""

from db import schema
from db.accounts import Account, AccountApplication
from db.base import database
from db.connection import is_postgresql
from db.schema import SchemaMigration
from db.second_factor import Invitation, RecoveryCode, SecondFactor
from db.sessions import AccountSession, SignInFailure
from tests.factories import make_account, make_enterprise

NAMES = ["0010_account_ids_never_reused", "0011_sessions_and_sign_in_failures"]
# later migrations that change the account table (or refer to it) go back too, and run again after
LATER = ["0050_second_factor_and_invitations"]

# the account table as migration 0001..0008 left it on SQLite (rowid ids, a session epoch)
OLD_SQLITE_ACCOUNT = (
    'CREATE TABLE "account" ("id" INTEGER NOT NULL PRIMARY KEY, "enterprise_id" INTEGER, "role"'
    ' VARCHAR(16) NOT NULL, "username" VARCHAR(50) NOT NULL, "first_name" VARCHAR(100) NOT NULL,'
    ' "last_name" VARCHAR(100) NOT NULL, "first_name_key" VARCHAR(100) NOT NULL, "last_name_key"'
    ' VARCHAR(100) NOT NULL, "national_number" VARCHAR(11), "email" VARCHAR(254), "language" VARCHAR(2)'
    ' NOT NULL, "password_hash" VARCHAR(255) NOT NULL, "must_change_password" INTEGER NOT NULL, "blocked"'
    ' INTEGER NOT NULL, "failed_logins" INTEGER NOT NULL, "locked_until" DATETIME, "session_epoch" INTEGER'
    ' NOT NULL, "stts_profile" VARCHAR(8), "version" INTEGER NOT NULL, "created_at" DATETIME NOT NULL,'
    ' "updated_at" DATETIME NOT NULL, "last_login_at" DATETIME, FOREIGN KEY ("enterprise_id") REFERENCES'
    ' "enterprise" ("id") ON DELETE CASCADE)')
COLUMNS = ('"id", "enterprise_id", "role", "username", "first_name", "last_name", "first_name_key",'
           ' "last_name_key", "national_number", "email", "language", "password_hash",'
           ' "must_change_password", "blocked", "failed_logins", "locked_until", "stts_profile", "version",'
           ' "created_at", "updated_at", "last_login_at"')


def back_to_the_old_schema():
    database.drop_tables([AccountSession, SignInFailure, SecondFactor, RecoveryCode, Invitation])
    database.execute_sql('ALTER TABLE "enterprise" DROP COLUMN "second_factor_required"')
    if is_postgresql(database):
        database.execute_sql('ALTER TABLE "account" DROP COLUMN "block_reason"')
        database.execute_sql('ALTER TABLE "account" DROP COLUMN "lock_count"')
        database.execute_sql('ALTER TABLE "account" ADD COLUMN "session_epoch" INTEGER NOT NULL DEFAULT 0')
    else:
        database.execute_sql("PRAGMA foreign_keys = OFF")
        database.execute_sql(OLD_SQLITE_ACCOUNT.replace('"account"', '"account_old"', 1))
        database.execute_sql(f'INSERT INTO "account_old" ({COLUMNS}, "session_epoch") SELECT {COLUMNS}, 0'
                             ' FROM "account"')
        database.execute_sql('DROP TABLE "account"')
        database.execute_sql('ALTER TABLE "account_old" RENAME TO "account"')
        database.execute_sql("PRAGMA foreign_keys = ON")
    SchemaMigration.delete().where(SchemaMigration.name.in_(NAMES + LATER)).execute()


def test_an_existing_database_keeps_its_accounts_and_never_reuses_their_ids(app, client):
    enterprise = make_enterprise()
    kept = make_account(enterprise, username="kept.user", applications=["stts"])
    newest = make_account(enterprise, username="newest.user", applications=["stts"])
    back_to_the_old_schema()

    assert schema.migrate(database) == (False, NAMES + LATER)

    assert [a.username for a in Account.select().order_by(Account.id)] == ["kept.user", "newest.user"]
    assert AccountApplication.select().count() == 2  # nothing cascaded when the old table went
    assert "session_epoch" not in [c.name for c in database.get_columns("account")]
    assert "account_username" in {index.name for index in database.get_indexes("account")}
    Account.delete().where(Account.id == newest.id).execute()
    assert make_account(enterprise, username="later.user").id > newest.id
    # the foreign keys hold again: deleting an account still takes its rights along
    Account.delete().where(Account.id == kept.id).execute()
    assert AccountApplication.select().count() == 0
    # and signing in works on it
    assert client.post("/login", data={"username": "later.user", "password": "Test-Wachtwoord-2026",
                                       "portal": "enterprise"}).status_code == 303
    assert AccountSession.select().count() == 1
