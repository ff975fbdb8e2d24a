"""The user list sorted by username: an index on (enterprise, username)."""

from playhouse.migrate import migrate


def upgrade(migrator, database):
    """Add the index the 'username' sort of 'Beheer van gebruikers' reads."""
    migrate(migrator.add_index("account", ("enterprise_id", "username"), False))
