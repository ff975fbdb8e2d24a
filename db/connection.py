"""Open the database named by a URL: SQLite by default, PostgreSQL for larger operators."""

from pathlib import Path
from urllib.parse import urlparse

from playhouse.db_url import connect

# WAL lets readers and one writer work side by side; the busy timeout makes writers wait their turn.
SQLITE_PRAGMAS = {"foreign_keys": 1, "journal_mode": "wal", "synchronous": "normal", "busy_timeout": 5000}
# Every transaction (`database.atomic()`) takes the write lock when it begins (BEGIN IMMEDIATE), so a
# second writer waits at BEGIN for the busy timeout. A deferred transaction that read first and
# then writes after another writer committed fails at once with "database is locked" (its snapshot
# is stale; the busy timeout cannot help): the back office's double click that was a 500.
SQLITE_LOCK_TYPE = "IMMEDIATE"


def open_database(url):
    """Return an unconnected peewee Database for `url`."""
    scheme = urlparse(url).scheme
    if scheme.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        return connect(url, pragmas=SQLITE_PRAGMAS, lock_type=SQLITE_LOCK_TYPE)
    return connect(url)


def is_postgresql(database):
    """True when `database` (or the database behind a proxy) is PostgreSQL."""
    from peewee import PostgresqlDatabase

    return isinstance(getattr(database, "obj", database), PostgresqlDatabase)
