"""The command-line tasks, each on a database of its own."""

import pytest

from app import create_app
from db.accounts import Account, Role
from db.applications import Application
from db.base import database
from db.schema import migration_names, schema_version
from domain.passwords import verify_password


@pytest.fixture
def cli_app(tmp_path):
    """An app on a new, empty SQLite file."""
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                       "SECRET_KEY": "test-secret", "DEMO": True})


def run(app, *args, **kwargs):
    result = app.test_cli_runner().invoke(args=list(args), **kwargs)
    assert result.exit_code == 0, result.output
    return result.output


def test_init_db_creates_the_schema_with_the_demo_data(cli_app):
    assert "Created the database with the demo data." in run(cli_app, "init-db")
    with database.connection_context():
        assert Account.by_username("els.janssens").role == Role.LOCAL_ADMIN
        assert Application.select().count() == 8
        assert schema_version()


def test_init_db_a_second_time_keeps_the_data(cli_app):
    run(cli_app, "init-db")
    with database.connection_context():
        Account.update(email="kept@bucom.example").where(Account.username == "els.janssens").execute()
    assert "up to date" in run(cli_app, "init-db")
    with database.connection_context():
        assert Account.by_username("els.janssens").email == "kept@bucom.example"


def test_init_db_without_demo_mode_leaves_the_database_empty(cli_app):
    cli_app.config["DEMO"] = False
    assert "Created the database." in run(cli_app, "init-db")
    with database.connection_context():
        assert Account.select().count() == 0
        assert Application.select().count() == 8  # the catalogue is not demo data


def test_reset_demo_puts_the_demo_set_back_as_new(cli_app):
    run(cli_app, "init-db")
    with database.connection_context():
        Account.delete().where(Account.username == "stts1.demo").execute()
        Account.update(blocked=True).where(Account.username == "els.janssens").execute()
    run(cli_app, "reset-demo", "--yes")
    with database.connection_context():
        assert Account.by_username("stts1.demo")
        assert not Account.by_username("els.janssens").blocked


def test_load_demo_refuses_to_load_twice(cli_app):
    run(cli_app, "init-db")
    result = cli_app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code != 0
    assert "already loaded" in result.output


def test_create_officer_takes_the_password_from_the_environment(cli_app, monkeypatch):
    cli_app.config["DEMO"] = False
    run(cli_app, "init-db")
    monkeypatch.setenv("STTS_PASSWORD", "Lang-Genoeg-Wachtwoord-2026")
    assert "Created officer jan.officer." in run(cli_app, "create-officer", "Jan.Officer")
    with database.connection_context():
        officer = Account.by_username("jan.officer")
        assert officer.role == Role.OFFICER
        assert verify_password(officer.password_hash, "Lang-Genoeg-Wachtwoord-2026")


def test_create_officer_refuses_a_weak_password(cli_app, monkeypatch):
    run(cli_app, "init-db")
    monkeypatch.setenv("STTS_PASSWORD", "password")
    result = cli_app.test_cli_runner().invoke(args=["create-officer", "weak.officer"])
    assert result.exit_code != 0
    # the policy's message, put in words outside any request (in the default language)
    assert "minstens 12 tekens" in result.output
    with database.connection_context():
        assert Account.by_username("weak.officer") is None


def test_create_officer_asks_for_the_password(cli_app, monkeypatch):
    run(cli_app, "init-db")
    monkeypatch.delenv("STTS_PASSWORD", raising=False)
    secret = "Lang-Genoeg-Wachtwoord-2026"
    run(cli_app, "create-officer", "asked.officer", input=f"{secret}\n{secret}\n")
    with database.connection_context():
        assert Account.by_username("asked.officer")


def test_schema_version_is_printed(cli_app):
    run(cli_app, "init-db")
    # the newest migration shipped, whichever area added it
    assert run(cli_app, "schema-version").strip() == migration_names()[-1]
