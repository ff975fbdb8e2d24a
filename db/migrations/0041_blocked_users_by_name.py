"""The blocked users, by name: an index that hands the user search a page of them at once."""

from db.migrations._ddl import execute

STATEMENTS = [
    ('CREATE INDEX IF NOT EXISTS "account_enterprise_id_blocked_last_name_key_first_name_key_id" ON "account"'
     ' ("enterprise_id", "blocked", "last_name_key", "first_name_key", "id")'),
    # a planner that has statistics needs them for the new index too, or it may prefer it wrongly
    'ANALYZE "account"',
]


def upgrade(migrator, database):
    """Add the index, with its statistics."""
    execute(database, STATEMENTS)
