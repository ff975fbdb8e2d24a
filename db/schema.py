"""Schema versions: a new database gets today's tables, an existing one gets its pending migrations.

A migration is a module `db/migrations/NNNN_what_it_does.py` with a function
`upgrade(migrator, database)`; `migrator` is playhouse.migrate's migrator for the database in use.
Migrations run in name order, each once, inside a transaction, and are recorded in
`schema_migration`. A migration that rebuilds a table SQLite cannot alter says `FOREIGN_KEYS_OFF = True`:
on SQLite the foreign keys are off around its transaction (SQLite ignores the switch inside one), so
that dropping the old table cascades to nothing; the migration checks them before it commits.
A new database is created from the models and every migration is recorded as
applied, because the models already describe their result; what they do not describe (triggers)
each such migration creates with its `create_objects(database)`, for a new database too.
"""

import importlib
import pkgutil
from contextlib import contextmanager

from peewee import CharField, DateTimeField
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator

import db.migrations
from db.base import BaseModel
from db.clock import utcnow
from db.connection import is_postgresql
from db.models import ALL_MODELS


class SchemaMigration(BaseModel):
    name = CharField(max_length=100, unique=True)
    applied_at = DateTimeField(default=utcnow)


def migration_names():
    """Every migration shipped with the code, oldest first."""
    names = (m.name for m in pkgutil.iter_modules(db.migrations.__path__))
    return sorted(name for name in names if name[:4].isdigit())


def applied_names():
    """The migrations this database has had."""
    return [m.name for m in SchemaMigration.select().order_by(SchemaMigration.name)]


def schema_version():
    """The newest migration applied, or None for an empty database."""
    if not SchemaMigration.table_exists():
        return None
    names = applied_names()
    return names[-1] if names else None


def migrate(database):
    """Create or upgrade the schema. Returns (created, names of the migrations applied)."""
    if not SchemaMigration.table_exists():
        with database.atomic():
            database.create_tables([*ALL_MODELS, SchemaMigration])
            SchemaMigration.insert_many([{"name": n} for n in migration_names()]).execute()
            _create_objects(database)
        return True, []
    pending = [n for n in migration_names() if n not in set(applied_names())]
    migrator = _migrator_for(database)
    for name in pending:
        module = importlib.import_module(f"db.migrations.{name}")
        with _foreign_keys_off(database, getattr(module, "FOREIGN_KEYS_OFF", False)), database.atomic():
            module.upgrade(migrator, database)
            SchemaMigration.create(name=name)
    if pending:
        with database.atomic():
            _create_objects(database)
    return False, pending


def _create_objects(database):
    """What the models do not describe (triggers), made anew by the migrations that brought them,
    each with a `create_objects(database)`: for a new database, and after migrations (one of them
    may have rebuilt a table, and its triggers with it)."""
    for name in migration_names():
        module = importlib.import_module(f"db.migrations.{name}")
        if hasattr(module, "create_objects"):
            module.create_objects(database)


@contextmanager
def _foreign_keys_off(database, wanted):
    if not wanted or is_postgresql(database):
        yield
        return
    database.execute_sql("PRAGMA foreign_keys = OFF")
    # renaming the rebuilt table into place: without the legacy rule SQLite checks every trigger
    # that names the table, while it is gone (they are made anew after the migrations)
    database.execute_sql("PRAGMA legacy_alter_table = ON")
    try:
        yield
    finally:
        database.execute_sql("PRAGMA legacy_alter_table = OFF")
        database.execute_sql("PRAGMA foreign_keys = ON")


def _migrator_for(database):
    real = getattr(database, "obj", database)
    return PostgresqlMigrator(real) if is_postgresql(real) else SqliteMigrator(real)
