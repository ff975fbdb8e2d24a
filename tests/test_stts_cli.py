"""The STTS command line: loading the local eligibility register, and the nightly re-check."""

from datetime import date, timedelta

import pytest
from playhouse.migrate import migrate as run_operations

from db.base import database
from db.connection import open_database
from db.dossiers import Category, Dossier, DossierAction, Status, StopReason, Task, TaskKind
from db.eligibility import RegisterEntry
from db.schema import SchemaMigration, _migrator_for, migrate
from domain import dossiers, eligibility
from domain.eligibility import read_register_csv
from domain.refusals import Refused
from tests.factories import act
from tests.stts_data import (
    active_dossier,
    operator_with_user,
    person,
    register_says,
    stored_as,
    tariff_request,
)


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["stts", *args])
    return result.exit_code, result.output


# -- load-register -------------------------------------------------------------------------------

HEADER = "national_number,last_name,first_name,household,categories,died_on\n"


def test_load_register_adds_and_updates_people(app, tmp_path):
    person(categories=(), birth="400115")
    known = RegisterEntry.get()
    csv_file = tmp_path / "register.csv"
    csv_file.write_text(HEADER + f"{known.national_number},Peeters,Maria,H-1,age_65,\n"
                        "38.07.04-567.63,Lambert,Louise,H-2,age_65 leefloon,\n"
                        "60110534566,Müller,Hans,H-3,hearing_loss,2026-01-31\n", encoding="utf-8")
    code, output = run(app, "load-register", str(csv_file))
    assert code == 0, output
    assert "2 people added, 1 updated" in output
    assert RegisterEntry.get(RegisterEntry.national_number == known.national_number).categories == "age_65"
    louise = eligibility.source().lookup("38070456763")
    assert louise.categories == {Category.AGE_65, Category.LEEFLOON} and louise.household == "H-2"
    assert eligibility.source().lookup("60110534566").died_on == date(2026, 1, 31)


def test_saving_the_register_updates_known_people_and_takes_a_repeated_number_once(app):
    person(categories=(), birth="400115")
    before = RegisterEntry.get()
    rows = [{"national_number": before.national_number, "last_name": "Peeters", "first_name": "Maria",
             "household": "H-9", "categories": "age_65", "died_on": None},
            {"national_number": "38070456763", "last_name": "Lambert", "first_name": "Louise",
             "household": "H-2", "categories": "", "died_on": None},
            {"national_number": "38070456763", "last_name": "Lambert", "first_name": "Louise",
             "household": "H-2", "categories": "leefloon", "died_on": None}]
    assert eligibility.save_register(rows) == (1, 1)
    maria = RegisterEntry.get(RegisterEntry.national_number == before.national_number)
    assert (maria.id, maria.household, maria.categories) == (before.id, "H-9", "age_65")
    assert maria.updated_at >= before.updated_at
    assert eligibility.source().lookup("38070456763").categories == {Category.LEEFLOON}
    assert RegisterEntry.select().count() == 2


@pytest.mark.parametrize(("line", "problem"), [
    ("12345678901,X,Y,H-1,age_65,", "Line 3"),
    ("38070456763,Lambert,Louise,H-2,astronaut,", "unknown categories"),
    ("38070456763,Lambert,Louise,H-2,age_65,31/01/2026", "Line 3"),
    ("38070456763,,Louise,H-2,age_65,", "required"),
])
def test_a_bad_register_line_loads_nothing(app, tmp_path, line, problem):
    csv_file = tmp_path / "register.csv"
    csv_file.write_text(HEADER + "40011512380,Peeters,Maria,H-1,age_65,\n" + line + "\n", encoding="utf-8")
    code, output = run(app, "load-register", str(csv_file))
    assert code != 0
    assert "Nothing was loaded" in output and problem in output
    assert RegisterEntry.select().count() == 0


def test_a_register_file_needs_its_header():
    with pytest.raises(Refused, match="header"):
        read_register_csv(["nn;name\n", "1;2\n"])


# -- recheck-eligibility ---------------------------------------------------------------------------

@pytest.fixture
def operator(app):
    return operator_with_user("BUCOM NL")


def test_the_recheck_asks_to_terminate_the_reduction_of_who_is_no_longer_eligible(app, operator):
    dossier = active_dossier(*operator)
    register_says(dossier.national_number, categories="")
    code, output = run(app, "recheck-eligibility")
    assert code == 0, output
    assert "1 new tasks 'Reductie beëindigen'" in output
    task = Task.get()
    assert (task.dossier_id, task.kind, task.enterprise_id) == (
        dossier.id, TaskKind.END_REDUCTION, operator[0].id)
    assert Dossier.get_by_id(dossier.id).status == Status.ACTIVE
    # a second run makes no second task
    assert "1 dossiers unchanged" in run(app, "recheck-eligibility")[1]
    assert Task.select().count() == 1


def test_the_recheck_closes_the_dossier_of_a_deceased_beneficiary(app, operator):
    month_ago = dossiers.today() - timedelta(days=30)
    dossier = stored_as(active_dossier(*operator), requested_on=month_ago, activated_on=month_ago)
    died = dossiers.today() - timedelta(days=3)
    register_says(dossier.national_number, died_on=died)
    assert "1 dossiers of deceased beneficiaries closed" in run(app, "recheck-eligibility")[1]
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.stop_reason, stored.ended_on) == (Status.STOPPED, StopReason.DEATH, died)
    assert DossierAction.last_of(dossier).performer_name == ""
    assert Task.get().kind == TaskKind.END_REDUCTION


def test_the_recheck_asks_to_close_a_dossier_never_activated(app, operator):
    dossier = dossiers.request_tariff(act(operator[1]), tariff_request(person()))
    stored_as(dossier, requested_on=dossiers.today() - timedelta(days=91))
    assert "1 new tasks 'Dossier afsluiten'" in run(app, "recheck-eligibility")[1]
    assert Task.get().kind == TaskKind.CLOSE_DOSSIER


def test_the_recheck_decides_requests_filed_while_the_source_did_not_answer(app, operator):
    class Unavailable:
        def lookup(self, national_number):
            raise eligibility.EligibilitySourceUnavailable()

    eligible, unknown = person(), "85073003328"
    old = eligibility.use_source(Unavailable())
    try:
        accepted = dossiers.request_tariff(act(operator[1]), tariff_request(eligible))
        refused = dossiers.request_tariff(act(operator[1]),
                                          tariff_request(unknown, line_number="0470 12 34 56"))
    finally:
        eligibility.use_source(old)
    assert accepted.status == refused.status == Status.REQUESTED
    output = run(app, "recheck-eligibility")[1]
    assert "1 pending requests accepted" in output and "1 pending requests refused" in output
    assert Dossier.get_by_id(accepted.id).status == Status.AWAITING_ACTIVATION
    refused = Dossier.get_by_id(refused.id)
    assert (refused.status, refused.refusal_reason, refused.household_slot) == (
        Status.REFUSED, "unknown_person", None)


def test_the_recheck_leaves_eligible_dossiers_alone(app, operator):
    active_dossier(*operator)
    assert "1 dossiers unchanged" in run(app, "recheck-eligibility")[1]
    assert Task.select().count() == 0


# -- the schema ----------------------------------------------------------------------------------

STTS_MIGRATIONS = ["0005_dossiers", "0006_dossier_first_name_key"]


def test_migrations_0005_and_0006_bring_a_database_from_before_stts_up_to_date(tmp_path):
    old = open_database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    database.initialize(old)
    with old.connection_context():
        migrate(old)
        # the database as it was before the STTS application
        old.drop_tables([Task, DossierAction, Dossier, RegisterEntry])
        SchemaMigration.delete().where(SchemaMigration.name.in_(STTS_MIGRATIONS)).execute()
        assert migrate(old) == (False, STTS_MIGRATIONS)
        assert all(model.table_exists() for model in (RegisterEntry, Dossier, DossierAction, Task))
        indexes = {index.name for index in old.get_indexes("dossier")}
        assert {"dossier_enterprise_id_name_key_id", "dossier_enterprise_id_first_name_key"} <= indexes


def test_migration_0006_lets_the_dossiers_there_are_be_found_by_first_name(app, operator):
    lefevre = active_dossier(*operator, last_name="Lefèvre", first_name="Élodie")
    indexes = {i.name for i in database.get_indexes("dossier")}
    migrator = _migrator_for(database)
    # the database as 0005 left it: no first-name key, no index for it
    database.execute_sql('DROP INDEX "dossier_enterprise_id_first_name_key"')
    run_operations(migrator.drop_column("dossier", "first_name_key"))
    SchemaMigration.delete().where(SchemaMigration.name == STTS_MIGRATIONS[1]).execute()

    assert migrate(database) == (False, [STTS_MIGRATIONS[1]])

    # as a new database has it, every other index kept
    assert {i.name for i in database.get_indexes("dossier")} == indexes
    assert not next(c for c in database.get_columns("dossier") if c.name == "first_name_key").null
    assert Dossier.get_by_id(lefevre.id).first_name_key == "elodie"
    found = dossiers.search_dossiers(operator[0], dossiers.DossierCriteria(name="elo"))
    assert [d.id for d in found] == [lefevre.id]
