"""The register knows each person's address and language: identification fills them in."""

from peewee import CharField
from playhouse.migrate import migrate


def upgrade(migrator, database):
    """Add register_entry.street, postcode, city and language (empty for the entries loaded before)."""
    migrate(
        migrator.add_column("register_entry", "street", CharField(max_length=200, default="")),
        migrator.add_column("register_entry", "postcode", CharField(max_length=4, default="")),
        migrator.add_column("register_entry", "city", CharField(max_length=100, default="")),
        migrator.add_column("register_entry", "language", CharField(max_length=2, default="")),
    )
