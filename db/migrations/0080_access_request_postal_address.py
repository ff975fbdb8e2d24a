"""The access request carries the enterprise's postal address: the back office's letter with the
provisional credentials goes there. Requests filed before have none (empty)."""

from db.migrations._ddl import execute

STATEMENTS = [
    """ALTER TABLE "access_request" ADD COLUMN "street" VARCHAR(200) NOT NULL DEFAULT ''""",
    """ALTER TABLE "access_request" ADD COLUMN "postcode" VARCHAR(4) NOT NULL DEFAULT ''""",
    """ALTER TABLE "access_request" ADD COLUMN "city" VARCHAR(100) NOT NULL DEFAULT ''""",
]


def upgrade(migrator, database):
    """Add access_request.street, postcode and city."""
    execute(database, STATEMENTS)
