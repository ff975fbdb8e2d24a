"""The first schema: enterprises, accounts, applications, access requests and the audit log.

Databases start here by being created from the models, so there is nothing to upgrade.
"""


def upgrade(migrator, database):
    """Nothing to do: this is the baseline every database is created at."""
