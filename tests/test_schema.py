"""Schema versions: new databases are created whole, old ones get their pending migrations."""

import sys
import types

from peewee import CharField
from playhouse.migrate import migrate as run_operations

from db import schema
from db.base import database
from db.enterprises import Enterprise
from db.schema import SchemaMigration
from tests.factories import make_enterprise


def test_every_shipped_migration_is_recorded(app):
    assert set(schema.migration_names()) <= set(schema.applied_names())
    assert schema.schema_version() == schema.migration_names()[-1]


def test_a_pending_migration_adds_a_column_and_keeps_the_data(app, monkeypatch):
    operator = make_enterprise(name="BUCOM NL")

    def upgrade(migrator, db):
        run_operations(migrator.add_column("enterprise", "website", CharField(null=True)))

    module = types.ModuleType("db.migrations.9999_add_website")
    module.upgrade = upgrade
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(schema, "migration_names", lambda: [*schema.applied_names(), "9999_add_website"])

    created, applied = schema.migrate(database)

    assert (created, applied) == (False, ["9999_add_website"])
    assert "website" in [c.name for c in database.get_columns("enterprise")]
    assert Enterprise.get_by_id(operator.id).name == "BUCOM NL"
    assert SchemaMigration.get_or_none(SchemaMigration.name == "9999_add_website")
    # the next start finds nothing left to do
    assert schema.migrate(database) == (False, [])
    run_operations(schema._migrator_for(database).drop_column("enterprise", "website"))
    SchemaMigration.delete().where(SchemaMigration.name == "9999_add_website").execute()
