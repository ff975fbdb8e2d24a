"""Migrations 0020 and 0021 bring an existing database the issue-11 dossier: the two stops, one
open dossier per line, a task's reason for closing, the register's addresses (an isolated SQLite
file with the schema as it was before them)."""

import importlib

import pytest
from peewee import IntegrityError, SqliteDatabase
from playhouse.migrate import SqliteMigrator

from db.models import ALL_MODELS

BEFORE = [
    'DROP INDEX "dossier_one_open_per_line"',
    'DROP INDEX "dossier_ended_on_status"',
    'ALTER TABLE "dossier" DROP COLUMN "stop_kind"',
    'ALTER TABLE "dossier" DROP COLUMN "stop_note"',
    'ALTER TABLE "dossier" DROP COLUMN "address_corrected_at"',
    'ALTER TABLE "task" DROP COLUMN "closed_without_cause"',
    *(f'ALTER TABLE "register_entry" DROP COLUMN "{name}"'
      for name in ("street", "postcode", "city", "language")),
]
DOSSIER = ('INSERT INTO "dossier" ("enterprise_id", "national_number", "last_name", "first_name", '
           '"name_key", "first_name_key", "street", "postcode", "city", "language", "category", "formula", '
           '"line_number", "requested_on", "status", "stop_reason", "household", "version", "created_at", '
           '"updated_at") VALUES (1, ?, \'Peeters\', \'Maria\', \'peeters maria\', \'maria\', \'Meir 1\', '
           "'2000', 'Antwerpen', 'nl', 'age_65', 'fixed', ?, '2026-01-05', ?, ?, ?, 1, '2026-01-05', "
           "'2026-01-05')")


@pytest.fixture
def old_database(tmp_path):
    database = SqliteDatabase(str(tmp_path / "old.sqlite3"), pragmas={"foreign_keys": 0})
    with database.bind_ctx(ALL_MODELS):
        database.create_tables(ALL_MODELS)
    for statement in BEFORE:
        database.execute_sql(statement)
    yield database
    database.close()


def upgrade(database, name):
    importlib.import_module(f"db.migrations.{name}").upgrade(SqliteMigrator(database), database)


def columns(database, table):
    return {column.name for column in database.get_columns(table)}


def test_an_existing_database_gets_the_two_stops_and_one_open_dossier_per_line(old_database):
    old_database.execute_sql(DOSSIER, ("40011512380", "+3232012345", "stopped", "move", "H-1"))
    old_database.execute_sql(DOSSIER, ("38070456763", "+3232012345", "active", None, "H-2"))
    upgrade(old_database, "0020_dossier_two_stops_and_one_line")
    upgrade(old_database, "0021_register_address")
    assert {"stop_kind", "stop_note", "address_corrected_at"} <= columns(old_database, "dossier")
    assert "closed_without_cause" in columns(old_database, "task")
    assert {"street", "postcode", "city", "language"} <= columns(old_database, "register_entry")
    # the stops recorded before ended the tariff
    kinds = old_database.execute_sql('SELECT "status", "stop_kind" FROM "dossier" ORDER BY "id"').fetchall()
    assert kinds == [("stopped", "tariff"), ("active", None)]
    with pytest.raises(IntegrityError):
        old_database.execute_sql(DOSSIER, ("52062023409", "+3232012345", "awaiting_activation", None, "H-3"))


def test_two_open_dossiers_on_one_line_stop_the_migration_and_say_which(old_database):
    old_database.execute_sql(DOSSIER, ("40011512380", "+3287551234", "active", None, "H-1"))
    old_database.execute_sql(DOSSIER, ("38070456763", "+3287551234", "active", None, "H-2"))
    with pytest.raises(RuntimeError, match=r"\+3287551234"):
        upgrade(old_database, "0020_dossier_two_stops_and_one_line")
    # the database is left as it was: stop one of them, migrate again
    assert "stop_kind" not in columns(old_database, "dossier")
