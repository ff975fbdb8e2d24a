"""Issue 11, the dossier as the regulator keeps it: each rule of domain.dossiers / domain.tasks /
domain.recheck as a plain function (every "What was seen" item is one of these, or a screen test
in test_dossier_screens.py)."""

from datetime import date, timedelta

import pytest
from peewee import IntegrityError

from db.audit import AuditEvent
from db.base import database
from db.dossiers import (
    ActionKind,
    Dossier,
    DossierAction,
    Status,
    StopKind,
    StopReason,
    Task,
    TaskKind,
    TaskStatus,
)
from domain import dossiers, recheck
from domain.eligibility import save_register
from domain.refusals import Refused
from domain.tasks import handle_task, open_task
from domain.users import create_user, reset_password
from tests.factories import act, admin_of, make_enterprise
from tests.stts_data import (
    active_dossier,
    operator_with_user,
    person,
    register_says,
    stored_as,
    tariff_request,
)


@pytest.fixture
def bucom(app):
    return operator_with_user("BUCOM NL", username="bucom.user")


@pytest.fixture
def telco(app):
    return operator_with_user("TELCO SUD SA", username="telco.user")


def refusal(call, *args, **kwargs):
    with pytest.raises(Refused) as raised:
        call(*args, **kwargs)
    return raised.value


def awaiting(operator, user, **overrides):
    return dossiers.request_tariff(act(user), tariff_request(person(), **overrides))


# -- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("requested_on", "message"), [
    (date(2027, 1, 1), "The request date cannot be in the future."),
    (date(1990, 1, 1), "The request date cannot be before 30 June 2005, the start of the social telephone "
                       "tariff."),
])
def test_a_request_date_in_the_future_or_before_the_regime_is_refused(bucom, clock, requested_on, message):
    """Seen: "Datum van aanvraag" accepted 2027-01-01 and 1990-01-01."""
    operator, user = bucom
    dossier = active_dossier(operator, user)
    refused = refusal(dossiers.modify, act(user), dossier, {"requested_on": requested_on,
                                                            "activated_on": dossier.activated_on},
                      dossier.version)
    assert (str(refused.message), refused.field) == (message, "requested_on")
    assert Dossier.get_by_id(dossier.id).requested_on == dossier.requested_on


def test_the_first_day_of_the_regime_is_a_request_date(bucom):
    assert dossiers.check_request_date(dossiers.REGIME_START) == dossiers.REGIME_START
    assert refusal(dossiers.check_request_date, dossiers.today() + timedelta(days=1)).field == "requested_on"


def test_an_activation_in_the_future_is_refused(bucom):
    """Seen: activation on 2030-05-05 made the dossier "actief" today."""
    operator, user = bucom
    dossier = awaiting(operator, user)
    refused = refusal(dossiers.activate, act(user), dossier, date(2030, 5, 5), dossier.version)
    assert (str(refused.message), refused.field) == (
        "An activation is a fact that happened: the activation date cannot be in the future.", "activated_on")
    assert Dossier.get_by_id(dossier.id).status == Status.AWAITING_ACTIVATION


def test_a_modified_activation_date_cannot_be_in_the_future_either(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    tomorrow = dossiers.today() + timedelta(days=1)
    assert refusal(dossiers.modify, act(user), dossier, {"activated_on": tomorrow},
                   dossier.version).field == "activated_on"


def test_a_first_invoice_before_the_activation_is_refused(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    early = dossier.activated_on - timedelta(days=1)
    assert refusal(dossiers.check_dates, dossier.requested_on, dossier.activated_on, early).field == (
        "first_invoice_on")


# -- scheduled stops -------------------------------------------------------------------------------

def test_a_stop_in_the_future_is_scheduled_and_the_nightly_job_applies_it_that_day(bucom, clock):
    """Seen: a stop with end date 2031-01-01 made the dossier "stopgezet" today."""
    operator, user = bucom
    dossier = active_dossier(operator, user)
    ends = dossiers.today() + timedelta(days=3)
    dossiers.stop_tariff(act(user), dossier, StopReason.CUSTOMER_REQUEST, ends, dossier.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.ended_on, stored.stop_kind) == (Status.ACTIVE, ends, StopKind.TARIFF)
    assert stored.stop_scheduled and stored.household_slot == stored.household
    assert DossierAction.last_of(dossier).kind == ActionKind.TARIFF_STOP_SCHEDULED
    assert str(ActionKind.TARIFF_STOP_SCHEDULED.label).endswith("(scheduled)")

    clock.travel(days=2)
    assert recheck.recheck_eligibility()["stop_applied"] == 0
    assert Dossier.get_by_id(dossier.id).status == Status.ACTIVE
    clock.travel(days=1)
    assert recheck.recheck_eligibility()["stop_applied"] == 1
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.household_slot) == (Status.STOPPED, None)
    step = DossierAction.last_of(dossier)
    assert (step.kind, step.performer_name, step.change_dict) == (
        ActionKind.STOP_APPLIED, "", {"status": ["active", "stopped"]})
    assert AuditEvent.about("dossier", dossier.id).first().actor_system == "nightly_job"


def test_a_scheduled_stop_can_be_cancelled_before_its_day(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.stop_reduction(act(user), dossier, StopReason.NOT_ELIGIBLE, dossiers.today() + timedelta(days=9),
                            dossier.version)
    dossiers.cancel_last_action(act(user), dossier, dossier.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.ended_on, stored.stop_kind, stored.stop_reason) == (
        Status.ACTIVE, None, None, None)
    assert dossiers.apply_scheduled_stops(recheck.NIGHTLY_JOB, dossiers.today() + timedelta(days=30)) == 0


def test_stts3_may_cancel_a_stop_the_nightly_job_applied(bucom, clock):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today() + timedelta(days=1),
                         dossier.version)
    clock.travel(days=1)
    assert dossiers.apply_scheduled_stops(recheck.NIGHTLY_JOB) == 1
    stored = Dossier.get_by_id(dossier.id)
    dossiers.cancel_last_action(act(user), stored, stored.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.ended_on, stored.stop_kind) == (Status.ACTIVE, None, None)
    assert dossiers.apply_scheduled_stops(recheck.NIGHTLY_JOB) == 0


def test_the_cli_applies_scheduled_stops_and_loads_addresses_into_open_dossiers(app, bucom, clock, tmp_path):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today() + timedelta(days=1),
                         dossier.version)
    moved = active_dossier(operator, user)
    clock.travel(days=1)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["stts", "apply-scheduled"])
    assert result.exit_code == 0 and "Applied 1 scheduled stops." in result.output
    csv = tmp_path / "register.csv"
    csv.write_text("national_number,last_name,first_name,household,categories,died_on,street,postcode,"
                   f"city,language\n{moved.national_number},Peeters,Maria,{moved.household},age_65,,"
                   "Lange Lozanastraat 1,2018,Antwerpen,nl\n", encoding="utf-8")
    result = runner.invoke(args=["stts", "load-register", str(csv)])
    assert result.exit_code == 0, result.output
    assert "1 dossiers given the register's new address" in result.output
    assert Dossier.get_by_id(moved.id).street == "Lange Lozanastraat 1"


def test_a_tariff_with_a_scheduled_stop_cannot_be_taken_over(bucom, telco):
    (_b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    later = dossiers.today() + timedelta(days=5)
    dossiers.stop_tariff(act(a_user), held, StopReason.MOVE, later, held.version)
    refused = refusal(dossiers.transfer, act(b_user), held.national_number, held.line_number)
    assert refused.message is dossiers.STOP_SCHEDULED


# -- two stops -------------------------------------------------------------------------------------

def test_the_two_stops_have_their_own_reasons(bucom):
    """Seen: one stop for two different acts of the manual."""
    operator, user = bucom
    dossier = active_dossier(operator, user)
    assert refusal(dossiers.stop_reduction, act(user), dossier, StopReason.MOVE, dossiers.today(),
                   dossier.version).field == "reason"
    assert refusal(dossiers.stop_tariff, act(user), dossier, StopReason.DEATH, dossiers.today(),
                   dossier.version).field == "reason"
    dossiers.stop_reduction(act(user), dossier, StopReason.NOT_ELIGIBLE, dossiers.today(), dossier.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.stop_kind, stored.stop_reason) == (
        Status.STOPPED, StopKind.REDUCTION, StopReason.NOT_ELIGIBLE)
    assert DossierAction.last_of(dossier).kind == ActionKind.REDUCTION_STOPPED
    assert AuditEvent.about("dossier", dossier.id).first().action == "dossier.reduction_stopped"


def test_the_reason_other_needs_its_text_trimmed(bucom):
    """Seen: "Andere" as a reason had no text."""
    operator, user = bucom
    dossier = active_dossier(operator, user)
    refused = refusal(dossiers.stop_tariff, act(user), dossier, StopReason.OTHER, dossiers.today(),
                      dossier.version, "   ")
    assert (str(refused.message), refused.field) == ("Say what the other reason is.", "note")
    dossiers.stop_tariff(act(user), dossier, StopReason.OTHER, dossiers.today(), dossier.version,
                         "  Klant emigreert  ")
    assert Dossier.get_by_id(dossier.id).stop_note == "Klant emigreert"
    assert DossierAction.last_of(dossier).change_dict["stop_note"] == [None, "Klant emigreert"]


def test_a_stop_not_confirmed_yet_says_what_will_happen_and_changes_nothing(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    later = dossiers.today() + timedelta(days=1)
    preview = dossiers.stop(act(user), dossier, StopKind.TARIFF, StopReason.MOVE, later, dossier.version,
                            confirmed=False)
    assert (preview.scheduled, preview.ended_on, preview.kind) == (True, later, StopKind.TARIFF)
    assert Dossier.get_by_id(dossier.id).version == dossier.version


# -- one open dossier per line ---------------------------------------------------------------------

def test_a_modification_cannot_take_a_line_another_operators_dossier_has(bucom, telco):
    """Seen: Modify accepted a line number another active dossier had (087 55 12 34)."""
    (_b, b_user), (a, a_user) = bucom, telco
    theirs = active_dossier(a, a_user, line_number="087 55 12 34")
    ours = active_dossier(*bucom)
    refused = refusal(dossiers.modify, act(b_user), ours, {"line_number": "087/55.12.34"}, ours.version)
    assert (refused.message, refused.field) == (dossiers.LINE_TAKEN, "line_number")
    assert Dossier.get_by_id(ours.id).line_number != theirs.line_number


def test_a_request_for_a_line_with_an_open_dossier_is_refused_at_the_line(bucom, telco):
    (_b, b_user), (a, a_user) = bucom, telco
    theirs = active_dossier(a, a_user)
    request = tariff_request(person(), line_number=theirs.line_number)
    refused = refusal(dossiers.request_tariff, act(b_user), request)
    assert (refused.message, refused.field) == (dossiers.LINE_TAKEN, "line_number")


def test_the_database_itself_keeps_one_open_dossier_per_line(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    copy = {name: getattr(dossier, name) for name in Dossier._meta.fields
            if name not in ("id", "household_slot", "form_token")}
    with pytest.raises(IntegrityError), database.atomic():
        Dossier.create(**{**copy, "national_number": "85073003328"})
    # a stopped dossier lets the line go
    dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today(), dossier.version)
    Dossier.create(**{**copy, "national_number": "85073003328", "status": Status.AWAITING_ACTIVATION})


def test_a_stopped_line_may_be_requested_again(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today(), dossier.version)
    again = dossiers.request_tariff(act(user), tariff_request(person(), line_number=dossier.line_number))
    assert again.line_number == dossier.line_number


# -- required stays required -----------------------------------------------------------------------

def test_a_dossier_without_its_customer_number_gets_the_task_to_fill_it_in(bucom):
    """Seen: no "Ontbrekende gegevens invullen" followed a missing customer number."""
    operator, user = bucom
    dossier = stored_as(active_dossier(operator, user), customer_number=None)
    dossiers.modify(act(user), dossier, {"city": dossier.city, "customer_number": ""}, dossier.version)
    task = Task.open_of(dossier).get()
    assert task.kind == TaskKind.MISSING_DATA


# -- tasks -----------------------------------------------------------------------------------------

def test_a_comment_of_spaces_is_no_comment(bucom, telco):
    """Seen: a task marked "behandeld" with a comment of only spaces."""
    (_b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    taken = dossiers.transfer(act(b_user), held.national_number, held.line_number)
    task = Task.open_of(taken).get()
    assert refusal(handle_task, act(b_user), task, "   ").field == "comment"


def test_missing_data_closes_only_once_the_data_is_there(bucom, telco):
    """Seen: "Ontbrekende gegevens invullen" marked handled while the customer number was missing."""
    (_b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    taken = dossiers.transfer(act(b_user), held.national_number, held.line_number)
    task = Task.open_of(taken).get()
    assert refusal(handle_task, act(b_user), task, "Aangevuld").field == "reason"
    assert Task.get_by_id(task.id).status == TaskStatus.OPEN
    dossiers.modify(act(b_user), taken, {"customer_number": "BC-77"}, taken.version)
    handle_task(act(b_user), Task.get_by_id(task.id), "  Aangevuld ")
    stored = Task.get_by_id(task.id)
    assert (stored.status, stored.comment, stored.closed_without_cause) == (
        TaskStatus.HANDLED, "Aangevuld", "")


def test_close_dossier_closes_only_once_the_dossier_is_closed_or_with_a_reason(bucom):
    """Seen: "Dossier afsluiten" marked handled left the dossier "wacht op activatie"."""
    operator, user = bucom
    dossier = awaiting(operator, user)
    task, _ = open_task(dossier, TaskKind.CLOSE_DOSSIER)
    assert refusal(handle_task, act(user), task, "Gedaan").field == "reason"
    handle_task(act(user), task, "Klant belt terug", reason="Klant activeert volgende week")
    event = AuditEvent.select().where(AuditEvent.action == "task.handled").get()
    assert event.change_dict["closed_without_cause"] == [None, "Klant activeert volgende week"]


def test_end_reduction_closes_once_the_reduction_is_stopped(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    task, _ = open_task(dossier, TaskKind.END_REDUCTION)
    assert refusal(handle_task, act(user), task, "Gedaan").field == "reason"
    dossiers.stop_reduction(act(user), dossier, StopReason.NOT_ELIGIBLE, dossiers.today(), dossier.version)
    assert handle_task(act(user), Task.get_by_id(task.id), "Reductie stopgezet").status == TaskStatus.HANDLED


# -- identification from the register --------------------------------------------------------------

def test_the_name_address_and_language_come_from_the_register(bucom):
    """Seen: the name was stored as typed ("maria peeters") although the register knew it."""
    operator, user = bucom
    number = person(last_name="Peeters", first_name="Maria")
    register_says(number, street="Meir 1", postcode="2000", city="Antwerpen", language="nl")
    dossier = dossiers.request_tariff(act(user), tariff_request(
        number, last_name="peeters", first_name="maria", street="", postcode="", city="", language=""))
    assert (dossier.last_name, dossier.first_name, dossier.street, dossier.postcode, dossier.city,
            dossier.language) == ("Peeters", "Maria", "Meir 1", "2000", "Antwerpen", "nl")


def test_an_address_other_than_the_registers_needs_a_reason_kept_in_the_history(bucom):
    operator, user = bucom
    number = person()
    register_says(number, street="Meir 1", postcode="2000", city="Antwerpen", language="nl")
    request = tariff_request(number, street="Meir 3")
    assert refusal(dossiers.request_tariff, act(user), request).field == "address_reason"
    request.address_reason = "Register kent het huisnummer niet"
    dossier = dossiers.request_tariff(act(user), request)
    assert dossier.street == "Meir 3"
    changes = DossierAction.last_of(dossier).change_dict
    assert changes["address_reason"] == [None, "Register kent het huisnummer niet"]
    assert refusal(dossiers.modify, act(user), dossier, {"city": "Berchem"}, dossier.version).field == (
        "address_reason")


@pytest.mark.parametrize(("setup", "message"), [
    ("unknown", "Identification of the applicant is not possible."),
    ("deceased", "The applicant is deceased according to the Crossroads Bank for Social Security."),
])
def test_identification_refuses_unknown_and_deceased_people_at_the_number(bucom, setup, message):
    number = "85073003328" if setup == "unknown" else person(died_on=date(2025, 1, 1))
    refused = refusal(dossiers.identify, number)
    assert (str(refused.message), refused.field) == (message, "national_number")


def test_a_refusal_elsewhere_offers_the_transfer_and_here_the_dossier(bucom, telco):
    (_b, b_user), (a, a_user) = bucom, telco
    theirs = active_dossier(a, a_user, household="H-1")
    elsewhere = refusal(dossiers.request_tariff, act(b_user), tariff_request(person(household="H-1")))
    assert (elsewhere.elsewhere, elsewhere.dossier_id) == (True, None)
    ours = active_dossier(b_user.enterprise, b_user, household="H-2")
    here = refusal(dossiers.request_tariff, act(b_user), tariff_request(person(household="H-2")))
    assert (here.elsewhere, here.dossier_id) == (False, ours.id)
    assert theirs.id != ours.id


def test_the_registers_address_changes_and_deaths_reach_the_open_dossiers(bucom, clock):
    operator, user = bucom
    moved = active_dossier(operator, user)
    died = active_dossier(operator, user)
    clock.travel(minutes=1)
    rows = [{"national_number": moved.national_number, "last_name": "Peeters", "first_name": "Maria",
             "household": moved.household, "categories": "age_65", "died_on": None,
             "street": "Kerkstraat 2", "postcode": "2018", "city": "Antwerpen", "language": "nl"},
            {"national_number": died.national_number, "last_name": "Peeters", "first_name": "Maria",
             "household": died.household, "categories": "age_65", "died_on": dossiers.today(),
             "street": "", "postcode": "", "city": "", "language": ""}]
    save_register(rows)
    outcome = recheck.recheck_people(recheck.NIGHTLY_JOB, [moved.national_number, died.national_number])
    assert outcome["address_updated"] == 1 and outcome["closed_deceased"] == 1
    stored = Dossier.get_by_id(moved.id)
    assert (stored.street, stored.postcode) == ("Kerkstraat 2", "2018")
    step = DossierAction.last_of(moved)
    assert (step.kind, step.change_dict["street"]) == (
        ActionKind.REGISTER_UPDATED, ["Meir 12", "Kerkstraat 2"])
    gone = Dossier.get_by_id(died.id)
    assert (gone.status, gone.stop_kind, gone.stop_reason) == (
        Status.STOPPED, StopKind.REDUCTION, StopReason.DEATH)
    assert Task.open_of(died).get().kind == TaskKind.END_REDUCTION


# -- search ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("criteria", "field"), [
    ({"national_number": "abc"}, "national_number"),
    ({"line_number": "abc"}, "line_number"),
    ({"customer_number": "C" * 41}, "customer_number"),
])
def test_a_search_criterion_that_cannot_be_is_refused_at_its_field(bucom, criteria, field):
    """Seen: national number "abc" silently listed every dossier."""
    refused = refusal(dossiers.search_dossiers, bucom[0], dossiers.DossierCriteria(**criteria))
    assert refused.field == field


@pytest.mark.parametrize("typed", ["+3225123456", " 3225123456", "0032 2 512 34 56", "+32 (0)2 512 34 56",
                                   "02.512.34.56", "02 512"])
def test_a_line_is_found_in_any_notation(bucom, typed):
    """Seen: line "+3225123456" found nothing although the forms accept "+32 …"."""
    operator, user = bucom
    dossier = active_dossier(operator, user, line_number="02 512 34 56")
    found = dossiers.search_dossiers(operator, dossiers.DossierCriteria(line_number=typed))
    assert [d.id for d in found] == [dossier.id]


# -- history ---------------------------------------------------------------------------------------

def test_the_audit_log_keeps_only_real_changes(app):
    """Seen: history lines "Ja → Ja" and "Toepassingen: — → —"."""
    enterprise = make_enterprise()
    admin = admin_of(enterprise)
    account = create_user(admin, first_name="An", last_name="Claes", username="an.claes",
                          national_number="85073003328", email="an@example.be", language="nl",
                          applications=[], stts_profile=None)[0]
    created = AuditEvent.about("account", account.id).where(AuditEvent.action == "user.created").get()
    assert "applications" not in created.change_dict
    reset_password(admin, account)
    reset = AuditEvent.about("account", account.id).where(AuditEvent.action == "user.password_reset").get()
    assert "must_change_password" not in reset.change_dict


def test_a_dossier_step_names_only_what_changed(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.modify(act(user), dossier, {"street": dossier.street, "formula": "mobile"}, dossier.version)
    assert DossierAction.last_of(dossier).change_dict == {"formula": ["fixed", "mobile"]}
