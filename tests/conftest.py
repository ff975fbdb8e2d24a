"""Fixtures: an app on a test database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
a client, and a helper to sign in."""

import os
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

from app import create_app
from commands.demo import load_demo
from db import clock as db_clock
from db.base import database
from db.catalogue import ensure_catalogue
from db.connection import is_postgresql, open_database
from db.models import ALL_MODELS
from db.schema import SchemaMigration, migrate
from domain.passwords import use_cheap_hashing
from tests.factories import PASSWORD

use_cheap_hashing()

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """The test database: created once per backend, emptied after every test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    else:
        url = postgresql_database_of_this_worker(os.environ["TEST_DATABASE_URL"])
    test_database = open_database(url)
    database.initialize(test_database)
    with test_database.connection_context():
        test_database.drop_tables([*ALL_MODELS, SchemaMigration])
        migrate(test_database)
    return url


def postgresql_database_of_this_worker(url):
    """`url`, or for a pytest-xdist worker a database of its own beside it (created when missing):
    workers running at once must not empty each other's tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{worker}"
    connection = psycopg2.connect(url)
    connection.autocommit = True  # CREATE DATABASE runs outside a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def app(database_url):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret",
        "DEMO": False,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    })
    ensure_catalogue()
    yield app
    empty_database()


def empty_database():
    """Delete every row, children first, so the next test starts from an empty schema."""
    tables = [model._meta.table_name for model in reversed(ALL_MODELS)]
    database.connect(reuse_if_open=True)
    if is_postgresql(database):
        database.execute_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    else:
        for table in tables:
            database.execute_sql(f'DELETE FROM "{table}"')
    database.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo(app):
    """The demo data set (see commands/demo/)."""
    load_demo()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username, password=PASSWORD, portal="enterprise"):
        return self.client.post(
            "/login", data={"username": username, "password": password, "portal": portal}
        )

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


class Clock:
    """The one clock (db.clock), stopped at the real time, moved by the test: `clock.travel(minutes=31)`."""

    def __init__(self):
        self.now = db_clock.utcnow()
        db_clock.freeze(self.now)

    def travel(self, **delta):
        self.now += timedelta(**delta)
        db_clock.freeze(self.now)
        return self.now


@pytest.fixture
def clock():
    yield Clock()
    db_clock.freeze(None)
