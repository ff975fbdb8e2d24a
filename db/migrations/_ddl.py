"""Run a migration's own DDL, written once in PostgreSQL's dialect, on PostgreSQL or SQLite.

A migration never builds tables from today's models: a later change of a model would then change
what an old migration does. It carries the SQL of its day; this turns it into SQLite's words
(INTEGER ids that are the rowid, DATETIME, no "C" collation: SQLite compares bytes already).
"""

from peewee import PostgresqlDatabase

_TO_SQLITE = (('"id" SERIAL NOT NULL PRIMARY KEY', '"id" INTEGER NOT NULL PRIMARY KEY'),
              (" TIMESTAMP", " DATETIME"), (' COLLATE "C"', ""))


def is_postgresql(database):
    return isinstance(getattr(database, "obj", database), PostgresqlDatabase)


def execute(database, statements):
    """Execute `statements` (PostgreSQL DDL) in the dialect of `database`."""
    postgresql = is_postgresql(database)
    for statement in statements:
        if not postgresql:
            for postgresql_words, sqlite_words in _TO_SQLITE:
                statement = statement.replace(postgresql_words, sqlite_words)
        database.execute_sql(statement)
