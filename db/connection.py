"""Open the database named by a URL: SQLite by default, PostgreSQL for larger operators."""

import time
from pathlib import Path
from urllib.parse import urlparse

from playhouse.db_url import connect, parse
from playhouse.pool import PooledDatabase, PooledPostgresqlDatabase

# WAL lets readers and one writer work side by side; the busy timeout makes writers wait their turn.
# mmap_size: SQLite reads the file through the operating system's page cache, mapped into the
# process, instead of copying each page with a read() into a cache of its own (2 MB a connection
# by default): at 100,000 users the searches' index probes touch more pages than that cache holds,
# and a system call a page was most of what grew with the table (issue 13).
SQLITE_PRAGMAS = {"foreign_keys": 1, "journal_mode": "wal", "synchronous": "normal", "busy_timeout": 5000,
                  "mmap_size": 1 << 30}
# Every transaction (`database.atomic()`) takes the write lock when it begins (BEGIN IMMEDIATE), so a
# second writer waits at BEGIN for the busy timeout. A deferred transaction that read first and
# then writes after another writer committed fails at once with "database is locked" (its snapshot
# is stale; the busy timeout cannot help): the back office's double click that was a 500.
SQLITE_LOCK_TYPE = "IMMEDIATE"
# A pooled database (the app's): a request takes a connection that an earlier request of its
# thread or process left, rather than opening one (PostgreSQL: a new backend and its sign-in;
# SQLite: a file opened, its pragmas, a cold cache) and closing it at the end. Connections idle
# for POOL_STALE_SECONDS are closed; a request waits up to POOL_WAIT_SECONDS when every one of
# POOL_MAX_CONNECTIONS is in use (gunicorn's threads are fewer). A connection goes back to the
# pool with any transaction it left open rolled back (playhouse.pool).
POOL_MAX_CONNECTIONS = 32
POOL_STALE_SECONDS = 300
POOL_WAIT_SECONDS = 10
# A PostgreSQL connection the pool hands out is checked with a round trip first when it lay unused
# for longer than this: one that just served a request is not asked again (a 'SELECT 1' per request
# was a third of a remembered search's time); one idle through a server's restart is.
POOL_CHECK_AFTER_SECONDS = 1.0


class CheckedWhenIdlePostgresqlPool(PooledPostgresqlDatabase):
    """PostgreSQL's pool, checking a connection on its way out only after POOL_CHECK_AFTER_SECONDS
    unused. A connection a query broke says so itself (psycopg2 marks it closed) and is dropped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._returned_at = {}

    def _is_closed(self, conn):
        if conn.closed:
            return True
        unused = time.monotonic() - self._returned_at.get(self.conn_key(conn), 0.0)
        return unused > POOL_CHECK_AFTER_SECONDS and super()._is_closed(conn)

    def _close(self, conn, close_conn=False):
        if close_conn:
            self._returned_at.pop(self.conn_key(conn), None)
        else:
            self._returned_at[self.conn_key(conn)] = time.monotonic()
        super()._close(conn, close_conn)


def open_database(url, pooled=False):
    """Return an unconnected peewee Database for `url`; `pooled`: one that keeps its connections
    open between uses (close() hands the connection back to the pool)."""
    scheme = urlparse(url).scheme
    options = ({"max_connections": POOL_MAX_CONNECTIONS, "stale_timeout": POOL_STALE_SECONDS,
                "timeout": POOL_WAIT_SECONDS} if pooled else {})
    if pooled and "+" not in scheme:
        url = url.replace(f"{scheme}://", f"{scheme}+pool://", 1)
    if scheme.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        if pooled:
            # a connection one thread handed back may serve the next thread's request (one
            # thread at a time: the pool checks it out to one)
            options["check_same_thread"] = False
        return connect(url, pragmas=SQLITE_PRAGMAS, lock_type=SQLITE_LOCK_TYPE, **options)
    if pooled:
        return CheckedWhenIdlePostgresqlPool(**parse(url), **options)
    return connect(url, **options)


def close_pool(database):
    """Close every connection of `database` when it is a pool (an app being replaced: the tests')."""
    if isinstance(database, PooledDatabase):
        database.close_all()


def is_postgresql(database):
    """True when `database` (or the database behind a proxy) is PostgreSQL."""
    from peewee import PostgresqlDatabase

    return isinstance(getattr(database, "obj", database), PostgresqlDatabase)
