"""The dossier rules as plain functions (domain.dossiers): what the screens and the XML channel share."""

from datetime import date, timedelta

import pytest

from db.audit import AuditEvent
from db.clock import utcnow
from db.dossiers import (
    ActionKind,
    Category,
    Dossier,
    DossierAction,
    Formula,
    Status,
    StopReason,
    Task,
    TaskKind,
    TaskStatus,
)
from domain import dossiers, eligibility
from domain.activity import describe
from domain.identifiers import format_national_number
from domain.refusals import Refused, StaleData
from domain.tasks import handle_task, open_task
from domain.users import references_to
from tests.factories import act
from tests.stts_data import active_dossier, operator_with_user, person, tariff_request


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


# -- request -------------------------------------------------------------------------------------

def test_an_eligible_request_waits_for_activation_with_its_history(bucom):
    operator, user = bucom
    number = person()
    dossier = dossiers.request_tariff(act(user), tariff_request(number))
    assert dossier.status == Status.AWAITING_ACTIVATION
    assert dossier.line_number == "+3232" + number[6:9] + "4" + number[9:11]
    assert dossier.customer_number == "C-1001"
    assert dossier.requested_on == dossiers.today()
    action = DossierAction.last_of(dossier)
    assert (action.kind, action.performer_id, action.performer_name) == (
        ActionKind.REQUESTED, user.id, user.full_name)
    event = AuditEvent.about("dossier", dossier.id).get()
    assert (event.action, event.enterprise_id, event.actor_id) == ("dossier.requested", operator.id, user.id)


def test_an_unknown_national_number_cannot_be_identified(bucom):
    operator, user = bucom
    refused = refusal(dossiers.request_tariff, act(user), tariff_request("85073003328"))
    assert str(refused.message) == "Identification of the applicant is not possible."
    assert refused.field == "national_number"
    assert Dossier.select().count() == 0


def test_a_category_the_source_does_not_confirm_is_refused(bucom):
    operator, user = bucom
    number = person(categories=())
    refused = refusal(dossiers.request_tariff, act(user), tariff_request(number))
    assert refused.field == "category"
    assert Dossier.select().count() == 0


def test_a_deceased_applicant_is_refused(bucom):
    operator, user = bucom
    number = person(died_on=date(2025, 1, 1))
    assert "deceased" in str(refusal(dossiers.request_tariff, act(user), tariff_request(number)).message)


def test_a_malformed_or_foreign_line_number_is_refused(bucom):
    operator, user = bucom
    number = person()
    for line in ("12345", "+33 1 23 45 67 89"):
        assert refusal(dossiers.request_tariff, act(user),
                       tariff_request(number, line_number=line)).field == "line_number"


def test_one_tariff_per_household_across_operators_without_naming_the_operator(bucom, telco):
    operator, user = bucom
    holder = person(household="H-MULLER", last_name="Müller", first_name="Hans")
    dossiers.request_tariff(act(telco[1]), tariff_request(holder))
    partner = person(household="H-MULLER", last_name="Müller", first_name="Anna")
    refused = refusal(dossiers.request_tariff, act(user), tariff_request(partner))
    assert str(refused.message) == (
        "Dossier already exists: this household already has a social tariff at another operator.")
    assert "TELCO" not in str(refused.message)
    assert Dossier.of_operator(operator).count() == 0


def test_a_second_request_in_the_own_operator_says_so(bucom):
    operator, user = bucom
    number = person()
    dossiers.request_tariff(act(user), tariff_request(number))
    refused = refusal(dossiers.request_tariff, act(user), tariff_request(number))
    assert "at your operator" in str(refused.message)


def test_the_same_form_posted_twice_makes_one_dossier(bucom):
    operator, user = bucom
    number = person()
    first = dossiers.request_tariff(act(user), tariff_request(number), form_token="tok-1")
    again = dossiers.request_tariff(act(user), tariff_request(number), form_token="tok-1")
    assert again.id == first.id
    assert Dossier.select().count() == 1
    assert DossierAction.select().count() == 1


def test_a_stopped_tariff_frees_the_household(bucom, telco):
    operator, user = bucom
    dossier = active_dossier(telco[0], telco[1], household="H-FREE")
    dossiers.stop_tariff(act(telco[1]), dossier, StopReason.MOVE, dossiers.today(), dossier.version)
    other = person(household="H-FREE")
    assert dossiers.request_tariff(act(user), tariff_request(other)).status == Status.AWAITING_ACTIVATION


class Unavailable:
    def lookup(self, national_number):
        raise eligibility.EligibilitySourceUnavailable()

    lookup_many = lookup


@pytest.fixture
def source_down(app):
    old = eligibility.use_source(Unavailable())
    yield
    eligibility.use_source(old)


def test_without_an_answer_from_the_source_the_request_stays_requested(bucom, source_down):
    operator, user = bucom
    dossier = dossiers.request_tariff(act(user), tariff_request("85073003328"))
    assert dossier.status == Status.REQUESTED
    assert str(refusal(dossiers.activate, act(user), dossier, dossiers.today(), dossier.version).message) == (
        "The dossier is awaiting the decision on the applicant's eligibility.")


# -- what is typed: the same rules for the screens and the XML channel ----------------------------

@pytest.mark.parametrize(("overrides", "field"), [
    ({"postcode": "abcdefg"}, "postcode"),
    ({"postcode": "0999"}, "postcode"),
    ({"language": "xx"}, "language"),
    ({"formula": "pigeon"}, "formula"),
    ({"category": "astronaut"}, "category"),
    ({"national_number": "12.34.56-789.00"}, "national_number"),
    ({"line_number": "12345"}, "line_number"),
    ({"customer_number": ""}, "customer_number"),
    ({"customer_number": "C" * 41}, "customer_number"),
    ({"street": "x" * 201}, "street"),
])
def test_a_request_with_a_bad_field_is_refused_next_to_it(bucom, overrides, field):
    operator, user = bucom
    refused = refusal(dossiers.request_tariff, act(user), tariff_request(person(), **overrides))
    assert refused.field == field
    assert Dossier.select().count() == 0


def test_a_request_stores_what_is_typed_in_its_stored_form(bucom, source_down):
    operator, user = bucom
    dossier = dossiers.request_tariff(act(user), tariff_request(
        "38.07.04-567.63", last_name=" Lambert ", customer_number=" bc-7 ", line_number="081 22 33 44"))
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.national_number, stored.last_name, stored.customer_number, stored.line_number) == (
        "38070456763", "Lambert", "BC-7", "+3281223344")
    assert stored.household == "person:38070456763"
    # the same person typed otherwise is the same person
    again = refusal(dossiers.request_tariff, act(user), tariff_request("38070456763"))
    assert again.message == dossiers.EXISTS_HERE


@pytest.mark.parametrize(("values", "field"), [
    ({"language": "klingon"}, "language"),
    ({"postcode": "0"}, "postcode"),
    ({"formula": "pigeon"}, "formula"),
    ({"street": ""}, "street"),
    ({"requested_on": None}, "requested_on"),
    ({"activated_on": None}, "activated_on"),
    ({"city": "x" * 101}, "city"),
])
def test_a_modification_with_a_bad_field_is_refused_next_to_it(bucom, values, field):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    assert refusal(dossiers.modify, act(user), dossier, values, dossier.version).field == field
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.version, stored.language, stored.activated_on) == (
        dossier.version, "nl", dossier.activated_on)


def test_a_modification_cannot_empty_the_required_customer_number(bucom):
    """Seen: the customer number is required on a request but a modification could empty it."""
    operator, user = bucom
    dossier = active_dossier(operator, user)
    refused = refusal(dossiers.modify, act(user), dossier, {"customer_number": " ", "postcode": " 2018 "},
                      dossier.version)
    assert (str(refused.message), refused.field) == ("Enter the customer number.", "customer_number")
    assert Dossier.get_by_id(dossier.id).customer_number == "C-1001"


def test_a_transfer_checks_what_is_typed(bucom, telco):
    (_b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    assert refusal(dossiers.transfer, act(b_user), held.national_number, held.line_number,
                   formula="pigeon").field == "formula"
    assert refusal(dossiers.transfer, act(b_user), "", held.line_number).field == "national_number"
    taken = dossiers.transfer(act(b_user), format_national_number(held.national_number), held.line_number,
                              customer_number=" ")
    assert (taken.national_number, taken.customer_number) == (held.national_number, None)


# -- activate, modify, stop ----------------------------------------------------------------------

def test_activation_sets_the_date_and_refuses_a_date_before_the_request(bucom):
    operator, user = bucom
    dossier = dossiers.request_tariff(act(user), tariff_request(person()))
    early = dossier.requested_on - timedelta(days=1)
    assert refusal(dossiers.activate, act(user), dossier, early, dossier.version).field == "activated_on"
    dossiers.activate(act(user), dossier, dossier.requested_on, dossier.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.activated_on, stored.version) == (Status.ACTIVE, dossier.requested_on, 2)


def test_a_change_its_history_and_its_audit_event_are_one_transaction(bucom, monkeypatch):
    operator, user = bucom
    dossier = dossiers.request_tariff(act(user), tariff_request(person()))

    def audit_log_fails(*args, **kwargs):
        raise RuntimeError("the audit log is not writable")

    monkeypatch.setattr(dossiers.audit, "record", audit_log_fails)
    with pytest.raises(RuntimeError):
        dossiers.activate(act(user), dossier, dossier.requested_on, dossier.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.activated_on, stored.version) == (Status.AWAITING_ACTIVATION, None, 1)
    assert DossierAction.select().count() == 1
    # the object in hand still says what the database says
    assert (dossier.status, dossier.version) == (Status.AWAITING_ACTIVATION, 1)


def test_modify_records_old_and_new_values(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    old_line = dossier.line_number
    dossiers.modify(act(user), dossier, {"street": "Meir 14", "line_number": "0470 12 34 56",
                                    "formula": Formula.MOBILE, "national_number": "ignored",
                                    "address_reason": "Huisnummer verkeerd in het register"},
                    dossier.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.street, stored.line_number, stored.formula) == ("Meir 14", "+32470123456", Formula.MOBILE)
    assert stored.national_number != "ignored"
    assert DossierAction.last_of(dossier).change_dict == {
        "street": ["Meir 12", "Meir 14"], "line_number": [old_line, "+32470123456"],
        "formula": ["fixed", "mobile"], "address_reason": [None, "Huisnummer verkeerd in het register"]}


def test_a_stale_form_never_overwrites_a_newer_change(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    opened_at = dossier.version
    dossiers.modify(act(user), dossier, {"street": "Newer 1", "address_reason": "moved"}, opened_at)
    with pytest.raises(StaleData):
        dossiers.modify(act(user), dossier, {"street": "Older 2", "address_reason": "moved"}, opened_at)
    assert Dossier.get_by_id(dossier.id).street == "Newer 1"


def test_modify_with_nothing_changed_does_nothing(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    assert dossiers.modify(act(user), dossier, {"street": dossier.street}, dossier.version - 1) is None


def test_modify_checks_the_order_of_the_dates(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    before = dossier.activated_on - timedelta(days=1)
    assert refusal(dossiers.modify, act(user), dossier, {"first_invoice_on": before},
                   dossier.version).field == "first_invoice_on"


def test_stop_refuses_an_end_date_before_the_activation_date(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    early = dossier.activated_on - timedelta(days=1)
    refused = refusal(dossiers.stop_tariff, act(user), dossier, StopReason.OTHER, early, dossier.version, "x")
    assert refused.field == "ended_on"
    assert Dossier.get_by_id(dossier.id).status == Status.ACTIVE


def test_activate_and_stop_posted_twice_change_nothing_the_second_time(bucom):
    operator, user = bucom
    dossier = dossiers.request_tariff(act(user), tariff_request(person()))
    opened = dossier.version
    dossiers.activate(act(user), dossier, dossier.requested_on, opened)
    assert dossiers.activate(act(user), dossier, dossier.requested_on, opened) is None
    opened = dossier.version
    dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today(), opened)
    assert dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today(), opened) is None
    assert DossierAction.select().count() == 3


def test_a_transfer_posted_twice_takes_over_once(bucom, telco):
    (b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    first = dossiers.transfer(act(b_user), held.national_number, held.line_number, form_token="tr-1")
    again = dossiers.transfer(act(b_user), held.national_number, held.line_number, form_token="tr-1")
    assert again.id == first.id
    assert Dossier.of_operator(b).count() == 1 and Task.select().count() == 2


def test_a_stopped_dossier_cannot_be_modified_or_stopped_again(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.stop_tariff(act(user), dossier, StopReason.CUSTOMER_REQUEST, dossiers.today(), dossier.version)
    refused = refusal(dossiers.modify, act(user), dossier, {"street": "x"}, dossier.version)
    assert "closed" in str(refused.message)
    assert "closed" in str(refusal(dossiers.stop_tariff, act(user), dossier, StopReason.MOVE,
                                   dossiers.today(), dossier.version).message)
    assert "closed" in str(refusal(dossiers.stop_tariff, act(user), dossier, StopReason.CUSTOMER_REQUEST,
                                   dossiers.today() + timedelta(days=1), dossier.version).message)


# -- search --------------------------------------------------------------------------------------

def test_search_takes_the_criteria_as_typed(bucom, telco):
    operator, user = bucom
    lefevre = active_dossier(operator, user, last_name="Lefèvre", first_name="Élodie",
                             line_number="02 512 34 56", customer_number="bc-455")
    active_dossier(operator, user, line_number="0470 12 34 56")
    active_dossier(*telco, last_name="Lefebvre")

    def found(**criteria):
        return [d.last_name for d in dossiers.search_dossiers(operator, dossiers.DossierCriteria(**criteria))]

    assert found(national_number=format_national_number(lefevre.national_number)) == ["Lefèvre"]
    assert found(line_number="02/512") == ["Lefèvre"]
    assert found(customer_number=" BC-4") == ["Lefèvre"]
    assert found(name="LEFÈ") == ["Lefèvre"]
    assert found(status="no such status") == ["Lefèvre", "Peeters"]


# -- transfer ------------------------------------------------------------------------------------

def test_a_transfer_closes_As_dossier_opens_Bs_and_gives_both_their_tasks(bucom, telco):
    (b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user, line_number="087 55 12 34")
    taken = dossiers.transfer(act(b_user), held.national_number, "087/55.12.34")
    held = Dossier.get_by_id(held.id)
    assert (held.status, held.ended_on, held.household_slot) == (Status.TRANSFERRED, dossiers.today(), None)
    assert (taken.enterprise_id, taken.status, taken.transferred_from_id) == (b.id, Status.ACTIVE, held.id)
    assert (taken.last_name, taken.category, taken.formula) == (held.last_name, held.category, held.formula)
    assert [(t.enterprise_id, t.kind) for t in Task.select().order_by(Task.id)] == [
        (a.id, TaskKind.END_REDUCTION), (b.id, TaskKind.MISSING_DATA)]
    # A's history says "another operator", never B's user
    handed_over = DossierAction.last_of(held)
    assert (handed_over.kind, handed_over.performer_id, handed_over.performer_name) == (
        ActionKind.TRANSFERRED_OUT, None, "")


def test_a_transfer_with_all_data_gives_B_no_task(bucom, telco):
    (b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    dossiers.transfer(act(b_user), held.national_number, held.line_number, customer_number="b-77",
                      formula=Formula.MOBILE)
    assert Task.of_operator(b).count() == 0


@pytest.mark.parametrize(("activate", "message"), [
    (False, "The dossier is awaiting activation."),
])
def test_a_tariff_that_is_not_active_cannot_be_transferred(bucom, telco, activate, message):
    (_b, b_user), (_a, a_user) = bucom, telco
    pending = dossiers.request_tariff(act(a_user), tariff_request(person()))
    assert str(refusal(dossiers.transfer, act(b_user), pending.national_number,
                       pending.line_number).message) == message


def test_a_transfer_needs_the_right_line_and_another_operator(bucom, telco):
    (_b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    assert "No active social tariff" in str(
        refusal(dossiers.transfer, act(b_user), held.national_number, "0470 99 99 99").message)
    assert "already at your operator" in str(
        refusal(dossiers.transfer, act(a_user), held.national_number, held.line_number).message)
    assert refusal(dossiers.transfer, act(b_user), "85073003328", held.line_number).field == "national_number"


# -- cancel --------------------------------------------------------------------------------------

def test_cancelling_a_stop_restores_the_active_tariff_and_keeps_both_steps(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today(), dossier.version)
    dossiers.cancel_last_action(act(user), dossier, dossier.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.stop_reason, stored.ended_on) == (Status.ACTIVE, None, None)
    assert stored.household_slot == stored.household
    kinds = [a.kind for a in DossierAction.history(dossier)]
    assert kinds[:2] == [ActionKind.CANCELLED, ActionKind.TARIFF_STOPPED]
    # a cancellation is not cancelled in turn
    assert refusal(dossiers.cancel_last_action, act(user), dossier, stored.version).message == (
        dossiers.NOTHING_TO_CANCEL)


def test_cancelling_a_modification_restores_the_old_values(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    old_invoice = dossier.first_invoice_on
    dossiers.modify(act(user), dossier, {"street": "Nieuw 1", "address_reason": "typo",
                                         "first_invoice_on": dossier.activated_on},
                    dossier.version)
    dossiers.cancel_last_action(act(user), dossier, dossier.version)
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.street, stored.first_invoice_on) == ("Meir 12", old_invoice)


def test_an_action_older_than_30_days_cannot_be_cancelled(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today(), dossier.version)
    DossierAction.update(at=utcnow() - timedelta(days=31)).execute()
    refused = refusal(dossiers.cancel_last_action, act(user), dossier, dossier.version)
    assert refused.message == dossiers.TOO_LATE


def test_a_request_or_activation_is_not_cancelled(bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    assert refusal(dossiers.cancel_last_action, act(user), dossier, dossier.version).message == (
        dossiers.NOTHING_TO_CANCEL)


def test_cancelling_a_stop_cannot_give_the_household_a_second_tariff(bucom, telco):
    operator, user = bucom
    dossier = active_dossier(operator, user, household="H-TWO")
    dossiers.stop_tariff(act(user), dossier, StopReason.MOVE, dossiers.today(), dossier.version)
    dossiers.request_tariff(act(telco[1]), tariff_request(person(household="H-TWO")))
    refused = refusal(dossiers.cancel_last_action, act(user), dossier, dossier.version)
    assert refused.message == dossiers.EXISTS_ELSEWHERE
    assert Dossier.get_by_id(dossier.id).status == Status.STOPPED


def test_cancelling_a_transfer_gives_the_tariff_back_to_A(bucom, telco):
    (_b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    taken = dossiers.transfer(act(b_user), held.national_number, held.line_number)
    dossiers.cancel_last_action(act(b_user), taken, taken.version)
    held, taken = Dossier.get_by_id(held.id), Dossier.get_by_id(taken.id)
    assert (held.status, held.ended_on, held.household_slot) == (Status.ACTIVE, None, held.household)
    assert (taken.status, taken.stop_reason) == (Status.STOPPED, StopReason.OPERATOR_CHANGE)
    assert Task.select().where(Task.status == TaskStatus.OPEN).count() == 0
    back = DossierAction.last_of(held)
    assert (back.kind, back.performer_id) == (ActionKind.TRANSFER_CANCELLED, None)
    # A cannot undo what B did
    assert refusal(dossiers.cancel_last_action, act(a_user), held, held.version).message == (
        dossiers.NOTHING_TO_CANCEL)


# -- tasks ---------------------------------------------------------------------------------------

def test_a_task_is_handled_once_with_its_comment(bucom, telco):
    (_b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    dossiers.transfer(act(b_user), held.national_number, held.line_number)
    task = Task.of_operator(a).get()
    handle_task(act(a_user), task, "Reductie stopgezet in de facturatie")
    stored = Task.get_by_id(task.id)
    assert (stored.status, stored.comment, stored.handled_by_id) == (
        TaskStatus.HANDLED, "Reductie stopgezet in de facturatie", a_user.id)
    assert refusal(handle_task, act(a_user), task, "again").status == 409
    assert AuditEvent.about("task", task.id).get().action == "task.handled"


def test_categories_are_the_five_of_the_old_regime():
    assert len(Category) == 5


# -- what other areas see of the dossiers ----------------------------------------------------------

def test_the_user_management_counts_the_dossier_actions_and_tasks_of_a_user(bucom, telco):
    (b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    dossiers.transfer(act(b_user), held.national_number, held.line_number)
    handle_task(act(b_user), Task.of_operator(b).get(), "Klantnummer ontbreekt", reason="klant onbekend")
    counts = {str(label): count for label, count in references_to(b_user)}
    assert counts["Dossier actions performed by this user (they stay in the dossiers' history)"] == 1
    assert counts["Operator tasks handled by this user"] == 1


def test_dossier_events_read_as_phrases_in_the_recent_activity(bucom):
    operator, user = bucom
    dossier = dossiers.request_tariff(act(user), tariff_request(person()))
    event = AuditEvent.about("dossier", dossier.id).get()
    assert describe(event) == "Social tariff requested for Maria Peeters"


def test_two_runs_that_both_see_no_open_task_make_one(bucom, monkeypatch):
    """The nightly job checks, then inserts: a second run at the same moment must not add a twin."""
    operator, user = bucom
    dossier = active_dossier(operator, user)
    first, created = open_task(dossier, TaskKind.END_REDUCTION)
    # this run's check happened before the other run's insert: it sees no open task, once
    real_open_of, looks = Task.open_of, []

    def blind_the_first_time(of_dossier):
        looks.append(of_dossier)
        query = real_open_of(of_dossier)
        return query.where(Task.id == 0) if len(looks) == 1 else query

    monkeypatch.setattr(Task, "open_of", blind_the_first_time)
    again, created_again = open_task(dossier, TaskKind.END_REDUCTION)
    assert (created, created_again, again.id) == (True, False, first.id)
    assert Task.select().where(Task.dossier == dossier).count() == 1
