"""Statements whose SQL is built once per process and kind of database, then run with new values.

Peewee builds a query's SQL anew every time it runs: for an insert of every column, or a select of
a wide table, that costs more than SQLite takes to run it (about 0.1 to 0.3 ms each). The
structured-message channel runs the same few statements for every record of a file of 100,000, and
every change writes an audit event: those statements are built once, with a `Slot` where each run's
value goes, and run with each call's values. The SQL is the one peewee writes, so both databases
get their own dialect.

On PostgreSQL a select is also prepared on the server, once per connection (PREPARE, then EXECUTE
with each run's values): the server plans the session's five-table look-up once, not at every
request (0.4 ms of its time each). SQLite's driver keeps its compiled statements already.
"""

import itertools
import re
import weakref

from peewee import Node, PostgresqlDatabase


class Slot(Node):
    """Where the value of the statement's argument `name` goes; converted as the field it is
    compared with (or `field`, for an insert) converts a value."""

    def __init__(self, name, field=None):
        super().__init__()
        self.name, self.field = name, field

    def __sql__(self, ctx):
        converter = self.field.db_value if self.field is not None else ctx.state.converter
        # converter=False: the slot itself is kept as the parameter, to be replaced at each run
        return ctx.value(_Parameter(self.name, converter), converter=False)


class _Parameter:
    __slots__ = ("name", "converter")

    def __init__(self, name, converter):
        self.name, self.converter = name, converter

    def value_from(self, values):
        value = values[self.name]
        return self.converter(value) if self.converter is not None and value is not None else value


# the statements prepared on each PostgreSQL connection (gone with the connection)
_prepared_on = weakref.WeakKeyDictionary()
# off behind a PgBouncer in transaction mode (STTS_PREPARE_ON_SERVER=0): a statement prepared on one
# server connection would be executed on another
_on_server = {"prepare": True}


# each statement's name on the server, and the placeholders of peewee's SQL for PostgreSQL
_names = itertools.count(1)
_PLACEHOLDER = re.compile(r"%[s%]")


def prepare_on_server(wanted):
    """Whether PostgreSQL selects are prepared on the server (the app's setting)."""
    _on_server["prepare"] = bool(wanted)


class Statement:
    """A query built by `build()` (a peewee query with Slots), compiled on first use."""

    def __init__(self, build):
        self._build, self._compiled, self._queries = build, {}, {}
        self._name = f"stts_statement_{next(_names)}"

    def executable(self, database, **values):
        """(SQL, parameters) to run the statement with `values`: on PostgreSQL the EXECUTE of the
        statement prepared on this connection (prepared now when it is not yet)."""
        text, parameters = self.sql(database, **values)
        if not (_on_server["prepare"] and isinstance(database.obj, PostgresqlDatabase)):
            return text, parameters
        prepared = _prepared_on.setdefault(database.connection(), set())
        if self._name not in prepared:
            numbers = itertools.count(1)
            numbered = _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", text)
            database.execute_sql(f"PREPARE {self._name} AS {numbered}")
            prepared.add(self._name)
        marks = ", ".join("%s" for _ in parameters)
        return (f"EXECUTE {self._name} ({marks})" if parameters else f"EXECUTE {self._name}"), parameters

    def run(self, database, **values):
        """The cursor of the statement run with `values`."""
        return database.execute_sql(*self.executable(database, **values))

    def sql(self, database, **values):
        """(SQL, parameters) of the statement on `database` (a peewee DatabaseProxy) with these
        values for its slots."""
        kind = type(database.obj)
        if kind not in self._compiled:
            self._compiled[kind] = self._build().sql()
        text, template = self._compiled[kind]
        return text, [p.value_from(values) if isinstance(p, _Parameter) else p for p in template]

    def rows(self, model, **values):
        """The model's instances the select answers."""
        text, parameters = self.executable(model._meta.database, **values)
        return model.raw(text, *parameters)

    def first(self, model, **values):
        """The first instance the select answers, or None."""
        return next(iter(self.rows(model, **values)), None)

    def first_joined(self, database, **values):
        """The first row of a select with joins, as peewee makes it (the joined models reachable
        from the first: a session's account and its enterprise), or None."""
        kind = type(database.obj)
        if kind not in self._queries:
            self._queries[kind] = self._build()
        cursor = self.run(database, **values)
        return next(iter(self._queries[kind]._get_cursor_wrapper(cursor)), None)


_inserts = {}


def _insert_statement(model, names, ignore_duplicates=False):
    """The INSERT of `model`'s columns `names` (a Statement, made once per set of columns)."""
    key = (model, names, ignore_duplicates)
    if key not in _inserts:
        fields = model._meta.fields

        def build():
            query = model.insert({fields[name]: Slot(name, fields[name]) for name in names})
            return query.on_conflict_ignore() if ignore_duplicates else query
        _inserts[key] = Statement(build)
    return _inserts[key]


def insert(model, data):
    """INSERT one row of `model` with `data` ({field name: value}, as in an instance's __data__,
    without its auto-incremented key); returns the new key."""
    names = tuple(name for name in model._meta.sorted_field_names if name in data)
    database = model._meta.database
    text, parameters = _insert_statement(model, names).sql(database, **data)
    cursor = database.execute_sql(text, parameters)
    # PostgreSQL answers the new key with RETURNING; SQLite tells it on the cursor
    return cursor.fetchone()[0] if " RETURNING " in text else cursor.lastrowid


def insert_rows_ignoring_duplicates(model, rows):
    """INSERT the dicts `rows` (one set of columns) of `model`, a row that is there already left
    alone; one statement, run for every row by the driver (executemany)."""
    if not rows:
        return
    statement = _insert_statement(model, tuple(rows[0]), ignore_duplicates=True)
    database = model._meta.database
    text, _ = statement.sql(database, **rows[0])
    database.cursor().executemany(text, [statement.sql(database, **row)[1] for row in rows])
