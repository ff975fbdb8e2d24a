"""The back office's queue of access requests: an index on (status, submitted_at, id)."""

from playhouse.migrate import migrate


def upgrade(migrator, database):
    """Add the index the queue reads (one status or a few, oldest first)."""
    migrate(migrator.add_index("access_request", ("status", "submitted_at", "id"), False))
