"""A counter per enterprise of the changes its user list can show (enterprise_generation), kept by
the database's own triggers, so no code path that writes an account can forget it: the user
search's remembered answers (web.answer_cache) are keyed on it.

Counted: an account created, deleted, moved, or changed in what the list shows or searches
(SHOWN_ACCOUNT_COLUMNS); an application granted or withdrawn; a client's lock set or lifted. Not
counted: a sign-in, a password, a version number. On PostgreSQL the triggers are deferred to the
commit: the counter's row is locked last, after every account row of the transaction, so two
transactions that change accounts of one enterprise cannot wait on each other in a circle.
"""

from db.migrations._ddl import execute, is_postgresql

# the account columns a user list shows or searches (tests/test_answer_cache.py: every column is
# classified, shown or not)
SHOWN_ACCOUNT_COLUMNS = ("enterprise_id", "role", "username", "first_name", "last_name", "first_name_key",
                         "last_name_key", "national_number", "blocked", "block_reason", "locked_until")

TABLE = [
    'CREATE TABLE "enterprise_generation" ("enterprise_id" INTEGER NOT NULL PRIMARY KEY'
    ' REFERENCES "enterprise" ("id") ON DELETE CASCADE, "generation" INTEGER NOT NULL DEFAULT 0)',
    'INSERT INTO "enterprise_generation" ("enterprise_id", "generation") SELECT "id", 0 FROM "enterprise"',
]

BUMP = 'UPDATE "enterprise_generation" SET "generation" = "generation" + 1 WHERE "enterprise_id" '
OF_ACCOUNT = '= (SELECT "enterprise_id" FROM "account" WHERE "id" = {row}."account_id")'


def _changed(columns):
    return " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in columns)


# (name, event on table, condition or None, what it bumps): the same on both databases
TRIGGERS = [
    ("account_created", "INSERT ON account", None, "= NEW.enterprise_id"),
    ("account_deleted", "DELETE ON account", None, "= OLD.enterprise_id"),
    ("account_changed", "UPDATE ON account", _changed(SHOWN_ACCOUNT_COLUMNS),
     "IN (OLD.enterprise_id, NEW.enterprise_id)"),
    ("application_granted", "INSERT ON account_application", None, OF_ACCOUNT.format(row="NEW")),
    ("application_withdrawn", "DELETE ON account_application", None, OF_ACCOUNT.format(row="OLD")),
    ("application_changed", "UPDATE ON account_application", None, OF_ACCOUNT.format(row="NEW")),
    ("client_locked", "INSERT ON sign_in_failure", "NEW.locked_until IS NOT NULL",
     OF_ACCOUNT.format(row="NEW")),
    ("client_lock_changed", "UPDATE ON sign_in_failure", _changed(["locked_until"]),
     OF_ACCOUNT.format(row="NEW")),
    ("client_unlocked", "DELETE ON sign_in_failure", "OLD.locked_until IS NOT NULL",
     OF_ACCOUNT.format(row="OLD")),
]

ENTERPRISE_ROW = {
    "sqlite": ['CREATE TRIGGER "enterprise_generation_row" AFTER INSERT ON "enterprise" BEGIN'
               ' INSERT INTO "enterprise_generation" ("enterprise_id", "generation")'
               ' VALUES (NEW."id", 0); END'],
    "postgresql": [
        'CREATE OR REPLACE FUNCTION "enterprise_generation_row"() RETURNS trigger LANGUAGE plpgsql'
        ' AS $$ BEGIN INSERT INTO "enterprise_generation" ("enterprise_id", "generation")'
        ' VALUES (NEW."id", 0); RETURN NULL; END $$',
        'CREATE TRIGGER "enterprise_generation_row" AFTER INSERT ON "enterprise" FOR EACH ROW'
        ' EXECUTE FUNCTION "enterprise_generation_row"()',
    ],
}


def trigger_statements(postgresql):
    """The triggers' DDL in the dialect of the database, each trigger dropped first when it is there."""
    table_of = {f"users_changed_{name}": event.split(" ON ")[1] for name, event, _, _ in TRIGGERS}
    table_of["enterprise_generation_row"] = "enterprise"
    statements = [f'DROP TRIGGER IF EXISTS "{name}"' + (f' ON "{table}"' if postgresql else "")
                  for name, table in table_of.items()]
    statements += ENTERPRISE_ROW["postgresql" if postgresql else "sqlite"]
    for name, event, condition, target in TRIGGERS:
        when = f" WHEN ({condition})" if condition else ""
        if postgresql:
            # IS DISTINCT FROM is PostgreSQL's word for SQLite's IS NOT
            statements += [
                f'CREATE OR REPLACE FUNCTION "users_changed_{name}"() RETURNS trigger LANGUAGE plpgsql'
                f" AS $$ BEGIN {BUMP}{target}; RETURN NULL; END $$",
                f'CREATE CONSTRAINT TRIGGER "users_changed_{name}" AFTER {event}'
                f" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW{when}"
                f' EXECUTE FUNCTION "users_changed_{name}"()',
            ]
        else:
            when = when.replace("IS DISTINCT FROM", "IS NOT")
            statements.append(
                f'CREATE TRIGGER "users_changed_{name}" AFTER {event}{when} BEGIN {BUMP}{target}; END')
    return statements


def create_objects(database):
    """What the models do not describe: the triggers, made anew (db.schema runs this after every
    migration and for a new database: a table a later migration rebuilds gets its triggers back)."""
    postgresql = is_postgresql(database)
    for statement in trigger_statements(postgresql):
        database.execute_sql(statement)


def upgrade(migrator, database):
    """Add enterprise_generation, one row per enterprise, and the triggers that keep it."""
    execute(database, TABLE)
    create_objects(database)
