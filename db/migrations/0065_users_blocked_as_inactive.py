"""The users blocked as inactive, counted on the local admin's welcome page: an index on why a user
is blocked, so the count walks those users' index entries only (not every blocked user's row, to
read its reason: 3,000 rows at 100,000 users, the welcome page's one cost that grew with them)."""

from db.migrations._ddl import execute

STATEMENTS = [
    ('CREATE INDEX IF NOT EXISTS "account_enterprise_id_block_reason_blocked" ON "account"'
     ' ("enterprise_id", "block_reason", "blocked")'),
    # a planner that has statistics needs them for the new index too, or it may prefer it wrongly
    'ANALYZE "account"',
]


def upgrade(migrator, database):
    """Add the index, with its statistics."""
    execute(database, STATEMENTS)
