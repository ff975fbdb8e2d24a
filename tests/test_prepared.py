"""db/prepared.py: statements built once per kind of database, run with each call's values, and
the inserts every model's save() makes through them."""

from datetime import date, datetime

from peewee import SQL

from db import prepared
from db.dossiers import Dossier
from db.eligibility import RegisterEntry
from db.enterprises import Enterprise
from db.prepared import Slot, Statement
from tests.factories import make_account, make_enterprise


def test_a_statement_is_built_once_and_runs_with_each_calls_values(app):
    builds = []

    def build():
        builds.append(1)
        return RegisterEntry.select().where(RegisterEntry.national_number == Slot("number"))

    by_number = Statement(build)
    with app.app_context():
        for number, name in (("85073003328", "Peeters"), ("85073003329", "Janssens")):
            RegisterEntry.create(national_number=number, last_name=name, first_name="An", household=number)
        assert by_number.first(RegisterEntry, number="85073003328").last_name == "Peeters"
        assert by_number.first(RegisterEntry, number="85073003329").last_name == "Janssens"
        assert by_number.first(RegisterEntry, number="00000000000") is None
    assert len(builds) == 1


def test_a_slot_takes_the_conversion_of_the_field_it_is_compared_with(app):
    on_day = Statement(lambda: RegisterEntry.select().where(RegisterEntry.died_on == Slot("day")))
    with app.app_context():
        RegisterEntry.create(national_number="85073003328", last_name="Peeters", first_name="An",
                             household="h", died_on=date(2026, 3, 1))
        died = on_day.rows(RegisterEntry, day=date(2026, 3, 1))
        assert [entry.national_number for entry in died] == ["85073003328"]
        assert list(on_day.rows(RegisterEntry, day=date(2026, 3, 2))) == []


def test_a_new_row_is_stored_as_peewees_own_insert_would_store_it(app):
    with app.app_context():
        operator = make_enterprise()
        account = make_account(operator)
        made = {}
        for way, line in (("prepared", "025123456"), ("peewee", "025123457")):
            dossier = Dossier(enterprise=operator, national_number="85073003328", last_name="Peeters",
                              first_name="Élodie", street="Kerkstraat 1", postcode="1000", city="Brussel",
                              language="nl", category="ris", formula="fixed", line_number=line,
                              status="active", household=f"h-{way}", requested_on=date(2026, 11, 2),
                              created_at=datetime(2026, 11, 2, 10, 30, 15, 123456),
                              updated_at=datetime(2026, 11, 2, 10, 30, 15, 123456))
            if way == "prepared":
                dossier.save()
            else:
                dossier.save(force_insert=True, only=list(Dossier._meta.sorted_fields[1:]))
            made[way] = Dossier.get_by_id(dossier.id).__data__
        assert account.id is not None
    differ = ("id", "household", "line_number")
    stored = {way: {name: value for name, value in data.items() if name not in differ}
              for way, data in made.items()}
    assert stored["prepared"] == stored["peewee"]
    assert stored["prepared"]["first_name_key"] == "elodie" and stored["prepared"]["customer_number"] is None


def test_the_new_key_is_set_and_each_new_row_gets_its_own(app):
    with app.app_context():
        first, second = Enterprise.create(name="A", kbo_number="0566988259", language="nl"), \
            Enterprise.create(name="B", kbo_number="0403170701", language="fr")
        assert first.id and second.id and first.id != second.id
        assert Enterprise.get_by_id(second.id).name == "B"
        assert not first.is_dirty()


def test_a_value_that_is_sql_is_left_to_peewee(app):
    with app.app_context():
        entry = RegisterEntry(national_number="85073003328", last_name=SQL("'Peeters'"), first_name="An",
                              household="h")
        entry.save()
        assert RegisterEntry.get_by_id(entry.id).last_name == "Peeters"
    assert not any(key[0] is RegisterEntry and "last_name" in key[1] and "categories" not in key[1]
                   for key in prepared._inserts)


def test_rows_are_inserted_once_and_a_duplicate_is_left_alone(app):
    from db.dossiers import DossierTerm

    with app.app_context():
        operator = make_enterprise()
        dossier = Dossier.create(enterprise=operator, national_number="85073003328", last_name="Smet",
                                 first_name="An", street="Meir 1", postcode="2000", city="Antwerpen",
                                 language="nl", category="ris", formula="fixed", line_number="032012345",
                                 status="active", household="h", requested_on=date(2026, 11, 2))
        rows = [{"enterprise": operator.id, "term": term, "dossier": dossier.id} for term in ("an", "zz")]
        prepared.insert_rows_ignoring_duplicates(DossierTerm, rows)
        prepared.insert_rows_ignoring_duplicates(DossierTerm, rows[1:])
        terms = [t.term for t in DossierTerm.select().where(DossierTerm.dossier == dossier.id)
                 .order_by(DossierTerm.term)]
    assert terms == ["an", "smet", "zz"]


def test_postgresql_plans_a_statement_once_per_connection(app, database_url):
    """On PostgreSQL a statement is PREPAREd on the connection the first time, then EXECUTEd."""

    from db.base import database
    from db.connection import is_postgresql
    from tests.helpers import statements

    by_number = Statement(lambda: RegisterEntry.select().where(
        RegisterEntry.national_number == Slot("number")))
    with statements(setup_too=True) as sql, app.app_context():
        database.connect(reuse_if_open=True)
        RegisterEntry.create(national_number="85073003328", last_name="Peeters", first_name="An",
                             household="85073003328")
        for _ in range(3):
            assert by_number.first(RegisterEntry, number="85073003328").last_name == "Peeters"
        database.close()
    ran = [statement for statement in sql if "register_entry" in statement or "stts_statement" in statement]
    if is_postgresql(database):
        assert sum(statement.startswith("PREPARE ") for statement in ran) == 1, ran
        assert sum(statement.startswith("EXECUTE ") for statement in ran) == 3, ran
    else:
        assert not any(statement.startswith(("PREPARE ", "EXECUTE ")) for statement in ran), ran


def test_a_pooled_postgresql_connection_is_checked_only_after_lying_unused(monkeypatch):
    """The pool's round trip ('SELECT 1') for a connection it hands out: not for one that just
    served a request; yes for one unused for longer than POOL_CHECK_AFTER_SECONDS."""
    from db import connection

    class Connection:
        closed = 0

    pool = connection.CheckedWhenIdlePostgresqlPool("stts_none")
    checks = []
    monkeypatch.setattr(connection.PooledPostgresqlDatabase, "_is_closed",
                        lambda self, conn: checks.append(conn) or False)
    used = Connection()
    pool._returned_at[pool.conn_key(used)] = connection.time.monotonic()
    assert pool._is_closed(used) is False and checks == []
    pool._returned_at[pool.conn_key(used)] -= connection.POOL_CHECK_AFTER_SECONDS + 1
    assert pool._is_closed(used) is False and checks == [used]
    broken = Connection()
    broken.closed = 2
    assert pool._is_closed(broken) is True


def test_behind_a_transaction_pooler_nothing_is_prepared_on_the_server(app):
    """STTS_PREPARE_ON_SERVER=0 (a PgBouncer in transaction mode): the statement's own SQL runs."""
    from db.base import database
    by_number = Statement(lambda: RegisterEntry.select().where(
        RegisterEntry.national_number == Slot("number")))
    prepared.prepare_on_server(False)
    try:
        with app.app_context():
            database.connect(reuse_if_open=True)
            text, _ = by_number.executable(database, number="85073003328")
            database.close()
    finally:
        prepared.prepare_on_server(True)
    assert text.startswith("SELECT ")
