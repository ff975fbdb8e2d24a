"""flask backup PATH / restore PATH: a round trip gives back every row of every table (SQLite's
online backup; pg_dump/pg_restore on PostgreSQL, skipped with a message when they are missing)."""

import shutil

import pytest

from db.accounts import Account
from db.base import database
from db.connection import is_postgresql
from db.models import ALL_MODELS
from db.schema import SchemaMigration


def snapshot():
    """Every row of every table, in id order."""
    database.connect(reuse_if_open=True)
    tables = {}
    for model in [*ALL_MODELS, SchemaMigration]:
        key = model._meta.primary_key
        if model._meta.composite_key:  # the search words: (enterprise, term, owner)
            order = [model._meta.fields[name] for name in key.field_names]
        else:
            order = [key or next(iter(model._meta.sorted_fields))]
        tables[model._meta.table_name] = [tuple(row) for row in model.select().order_by(*order).tuples()]
    database.close()
    return tables


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    database.close()
    return result


@pytest.fixture
def pg_tools(app):
    if is_postgresql(database) and not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump/pg_restore are not installed: the PostgreSQL round trip is not tested here")


def test_a_backup_and_a_restore_give_back_every_table(app, demo, tmp_path, pg_tools):
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 50
    path = tmp_path / "stts.backup"
    result = run(app, "backup", str(path))
    assert result.exit_code == 0, result.output
    assert path.stat().st_size > 0 and "Backup written" in result.output

    # life goes on after the backup: a change, a deletion, an addition
    database.connect(reuse_if_open=True)
    Account.update(first_name="Changed").where(Account.username == "els.janssens").execute()
    Account.delete().where(Account.username == "jan.peeters").execute()
    database.close()
    assert snapshot() != before

    assert run(app, "restore", str(path)).exit_code != 0  # without --yes: nothing happens
    result = run(app, "restore", str(path), "--yes")
    assert result.exit_code == 0, result.output
    after = snapshot()
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, table


def test_a_backup_never_overwrites_a_file(app, tmp_path):
    path = tmp_path / "exists.backup"
    path.write_bytes(b"keep me")
    result = run(app, "backup", str(path))
    assert result.exit_code == 1 and "exists already" in result.output
    assert path.read_bytes() == b"keep me"


def test_restoring_something_that_is_no_backup_changes_nothing(app, demo, tmp_path, pg_tools):
    before = snapshot()
    path = tmp_path / "garbage.backup"
    path.write_bytes(b"this is no database" * 100)
    result = run(app, "restore", str(path), "--yes")
    assert result.exit_code == 1
    assert snapshot() == before
