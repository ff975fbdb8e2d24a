"""Migrations 0010 and 0011 from an existing database: the account table keeps its rows and what
refers to them, and hands out no id twice after; the session and sign-in-failure tables appear."""

from db import schema
from db.accounts import Account, AccountApplication
from db.base import database
from db.connection import is_postgresql
from db.schema import SchemaMigration
from db.sessions import AccountSession, SignInFailure
from tests.factories import make_account, make_enterprise

NAMES = ["0010_account_ids_never_reused", "0011_sessions_and_sign_in_failures"]

def old_sqlite_account():
    """Today's account table as SQLite had it before 0010: rowid ids, a session epoch, no lock count
    (and whatever columns later migrations added, which 0010 must carry over too)."""
    (sql,), = database.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'account'")
    sql = sql.replace(" AUTOINCREMENT", "").replace('"account"', '"account_old"', 1)
    return sql.replace('"lock_count" INTEGER NOT NULL', '"session_epoch" INTEGER NOT NULL')


def back_to_the_old_schema():
    database.drop_tables([AccountSession, SignInFailure])
    if is_postgresql(database):
        database.execute_sql('ALTER TABLE "account" DROP COLUMN "lock_count"')
        database.execute_sql('ALTER TABLE "account" ADD COLUMN "session_epoch" INTEGER NOT NULL DEFAULT 0')
    else:
        database.execute_sql("PRAGMA foreign_keys = OFF")
        database.execute_sql("PRAGMA legacy_alter_table = ON")  # as db.schema does for a rebuild
        indexes = [sql for (sql,) in database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'account'"
            " AND sql IS NOT NULL")]
        database.execute_sql(old_sqlite_account())
        columns = ", ".join(f'"{c.name}"' for c in database.get_columns("account"))
        database.execute_sql(f'INSERT INTO "account_old" ({columns}) SELECT {columns} FROM "account"'
                             .replace('"lock_count"', '"session_epoch"', 1).replace('"lock_count"', '0', 1))
        database.execute_sql('DROP TABLE "account"')
        database.execute_sql('ALTER TABLE "account_old" RENAME TO "account"')
        for index in indexes:
            database.execute_sql(index)
        database.execute_sql("PRAGMA legacy_alter_table = OFF")
        database.execute_sql("PRAGMA foreign_keys = ON")
    SchemaMigration.delete().where(SchemaMigration.name.in_(NAMES)).execute()


def test_an_existing_database_keeps_its_accounts_and_never_reuses_their_ids(app, client):
    enterprise = make_enterprise()
    kept = make_account(enterprise, username="kept.user", applications=["stts"])
    newest = make_account(enterprise, username="newest.user", applications=["stts"])
    back_to_the_old_schema()

    assert schema.migrate(database) == (False, NAMES)

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


def test_the_rebuilt_account_table_gets_its_triggers_back(app):
    """Migration 0010 rebuilds the account table, which drops its triggers (migration 0090): they
    are made anew after the migrations, so the user list still learns of every change."""
    from db.enterprises import EnterpriseGeneration
    enterprise = make_enterprise()
    make_account(enterprise, username="kept.user")
    back_to_the_old_schema()
    schema.migrate(database)
    before = EnterpriseGeneration.of(enterprise.id)
    make_account(enterprise, username="later.user")
    Account.update(blocked=True).where(Account.username == "kept.user").execute()
    assert EnterpriseGeneration.of(enterprise.id) == before + 2
