"""The operator's task list, oldest first, a page at a time: by status, and with no filter."""

from db.migrations._ddl import execute

STATEMENTS = [
    ('CREATE INDEX IF NOT EXISTS "task_enterprise_id_status_created_at_id" ON "task"'
     ' ("enterprise_id", "status", "created_at", "id")'),
    ('CREATE INDEX IF NOT EXISTS "task_enterprise_id_created_at_id" ON "task"'
     ' ("enterprise_id", "created_at", "id")'),
    # a planner that has statistics needs them for the new indexes too
    'ANALYZE "task"',
]


def upgrade(migrator, database):
    """Add the two indexes, with their statistics."""
    execute(database, STATEMENTS)
