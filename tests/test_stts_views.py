"""The STTS screens through the Flask test client: every action, every refusal, tenant isolation."""

from datetime import timedelta

import pytest

from blueprints.stts.labels import show
from db.accounts import Account
from db.audit import AuditEvent
from db.dossiers import ActionKind, Dossier, DossierAction, Status, Task, TaskKind, TaskStatus
from domain import dossiers
from domain.identifiers import format_national_number
from tests.factories import act, make_account
from tests.helpers import form_values, text
from tests.stts_data import active_dossier, operator_with_user, person, stored_as
from web.paging import Count

VALIDATE = {"HX-Request": "true", "X-Validate-Field": ""}


@pytest.fixture
def bucom(app):
    """(operator, STTS 3 user 'stts3.user') -- and an STTS 1 and 2 user of the same operator."""
    operator, user = operator_with_user("BUCOM NL", profile="stts3", username="stts3.user")
    make_account(operator, username="stts1.user", stts_profile="stts1", applications=["stts"])
    make_account(operator, username="stts2.user", stts_profile="stts2", applications=["stts"])
    return operator, user


@pytest.fixture
def telco(app):
    return operator_with_user("TELCO SUD SA", profile="stts3", username="telco.user", language="fr")


def request_form(number, **overrides):
    return {
        "national_number": format_national_number(number), "last_name": "Peeters", "first_name": "Maria",
        "street": "Meir 12", "postcode": "2000", "city": "Antwerpen", "language": "nl",
        "category": "age_65", "formula": "fixed", "customer_number": "bc-1001",
        "line_number": "03 201 23 45", "token": "form-1", **overrides,
    }


def validating(field):
    return {**VALIDATE, "X-Validate-Field": field}


# -- request -------------------------------------------------------------------------------------

def test_a_request_is_accepted_and_shows_the_new_dossier(client, auth, bucom):
    operator, user = bucom
    auth.login("stts1.user")
    number = person()
    response = client.post("/stts/dossiers/new", data=request_form(number))
    assert response.status_code == 303
    dossier = Dossier.of_operator(operator).get()
    assert response.headers["Location"] == f"/stts/dossiers/{dossier.id}"
    assert (dossier.status, dossier.customer_number, dossier.line_number) == (
        Status.AWAITING_ACTIVATION, "BC-1001", "+3232012345")
    page = text(client.get(response.headers["Location"]))
    assert "De aanvraag werd aanvaard: het dossier wacht op activatie." in page
    assert "wacht op activatie" in page and "03 201 23 45" in page
    assert AuditEvent.about("dossier", dossier.id).get().action == "dossier.requested"


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"national_number": "12.34.56-789.00"}, "national_number", "Dit is geen geldig rijksregisternummer"),
    ({"line_number": "+33 1 23 45 67 89"}, "line_number", "Dit is geen geldig Belgisch vast of mobiel"),
    ({"line_number": "12345"}, "line_number", "Dit is geen geldig Belgisch vast of mobiel nummer"),
    ({"postcode": "20000"}, "postcode", "Een Belgische postcode heeft 4 cijfers"),
    ({"category": ""}, "category", "Kies de categorie."),
    ({"category": "astronaut"}, "category", "Ongeldige keuze."),
])
def test_bad_input_is_refused_next_to_the_field_with_the_typed_data_kept(client, auth, bucom, overrides,
                                                                        field, message):
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data=request_form(person(), **overrides))
    assert response.status_code == 422
    page = text(response)
    assert f'id="{field}-error"' in page and message in page
    assert 'value="Meir 12"' in page
    assert Dossier.select().count() == 0


def test_an_unknown_national_number_cannot_be_identified(client, auth, bucom):
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data=request_form("85073003328"))
    assert response.status_code == 422
    assert "Identificatie van de aanvrager is niet mogelijk." in text(response)
    assert Dossier.select().count() == 0


def test_a_category_the_register_does_not_confirm_is_refused(client, auth, bucom):
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data=request_form(person(categories=("leefloon",))))
    assert response.status_code == 422
    assert "De Kruispuntbank van de Sociale Zekerheid bevestigt deze categorie niet" in text(response)


def test_the_household_rule_says_another_operator_without_naming_it(client, auth, bucom, telco):
    a, a_user = telco
    active_dossier(a, a_user, household="H-MULLER")
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data=request_form(person(household="H-MULLER")))
    assert response.status_code == 422
    page = text(response)
    assert ("Dossier bestaat al: dit gezin heeft al een sociaal telefoontarief bij een andere operator."
            in page)
    assert "TELCO" not in page
    assert Dossier.of_operator(bucom[0]).count() == 0


def test_the_same_form_posted_twice_makes_one_dossier(client, auth, bucom):
    auth.login("stts1.user")
    form = request_form(person())
    first = client.post("/stts/dossiers/new", data=form)
    second = client.post("/stts/dossiers/new", data=form)
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert Dossier.select().count() == 1


def test_a_field_left_is_validated_alone_for_htmx(client, auth, bucom):
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data={"line_number": "0470"},
                           headers=validating("line_number"))
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page and "<form" not in page
    assert 'id="line_number"' in page and 'id="line_number-error"' in page
    assert 'aria-invalid="true"' in page
    # other fields' errors are not shown, and nothing is stored
    assert "last_name" not in page
    assert Dossier.select().count() == 0


def test_a_valid_field_comes_back_without_an_error(client, auth, bucom):
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data={"line_number": "0470 12 34 56"},
                           headers=validating("line_number"))
    assert "error" not in text(response)


def test_the_form_carries_the_inline_validation_attributes(client, auth, bucom):
    auth.login("stts1.user")
    page = client.get("/stts/dossiers/new").text
    assert 'hx-post="/stts/dossiers/new"' in page
    assert "X-Validate-Field" in page
    assert 'hx-target="closest .field"' in page


@pytest.mark.parametrize(("language", "label", "refusal"), [
    ("fr", "Numéro de registre national", "L'identification du demandeur n'est pas possible."),
    ("de", "Nationalregisternummer", "Die Identifizierung des Antragstellers ist nicht möglich."),
])
def test_the_request_form_speaks_french_and_german(client, app, language, label, refusal):
    operator, _user = operator_with_user(username="polyglot", language=language)
    client.post("/login", data={"username": "polyglot", "password": "Test-Wachtwoord-2026",
                                "portal": "enterprise"})
    assert label in text(client.get("/stts/dossiers/new"))
    response = client.post("/stts/dossiers/new", data=request_form("85073003328"))
    assert refusal in text(response)


# -- activate, act(stop), modify, cancel -------------------------------------------------------------

@pytest.fixture
def pending(bucom):
    operator, user = bucom
    return stored_as(active_dossier(operator, user), status=Status.AWAITING_ACTIVATION, activated_on=None)


def test_activation_makes_the_dossier_active(client, auth, pending):
    auth.login("stts1.user")
    response = client.post(f"/stts/dossiers/{pending.id}/activate", data={
        "activated_on": pending.requested_on.isoformat(), "version": pending.version})
    assert response.status_code == 303
    assert Dossier.get_by_id(pending.id).status == Status.ACTIVE
    assert "Het dossier is actief." in text(client.get(response.headers["Location"]))


def test_an_activation_date_before_the_request_is_refused(client, auth, pending):
    auth.login("stts1.user")
    early = (pending.requested_on - timedelta(days=1)).isoformat()
    response = client.post(f"/stts/dossiers/{pending.id}/activate",
                           data={"activated_on": early, "version": pending.version})
    assert response.status_code == 422
    assert "De activeringsdatum kan niet vóór de datum van aanvraag liggen." in text(response)
    assert Dossier.get_by_id(pending.id).status == Status.AWAITING_ACTIVATION


def test_a_field_checked_alone_keeps_its_hint(client, auth, pending):
    auth.login("stts1.user")
    early = (pending.requested_on - timedelta(days=1)).isoformat()
    response = client.post(f"/stts/dossiers/{pending.id}/activate",
                           data={"activated_on": early, "version": pending.version},
                           headers=validating("activated_on"))
    page = text(response)
    assert "De datum vanaf wanneer uw operator het sociaal tarief toepast." in page
    assert 'id="activated_on-error"' in page
    assert 'aria-describedby="activated_on-hint activated_on-error"' in page


def modify_form(dossier, **overrides):
    return {"street": dossier.street, "postcode": dossier.postcode, "city": dossier.city,
            "language": dossier.language, "line_number": dossier.line_number, "customer_number": "BC-1",
            "formula": dossier.formula, "requested_on": dossier.requested_on.isoformat(),
            "activated_on": dossier.activated_on.isoformat(), "first_invoice_on": "",
            "version": dossier.version, **overrides}


def test_modify_saves_and_the_history_shows_old_and_new(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts1.user")
    form = modify_form(dossier, street="Meir 99", line_number="0470 12 34 56", address_reason="Huisnummer")
    response = client.post(f"/stts/dossiers/{dossier.id}/edit", data=form)
    assert response.status_code == 303
    page = text(client.get(response.headers["Location"]))
    assert "Het dossier werd opgeslagen." in page
    assert "Straat en nummer: Meir 12 → Meir 99" in page
    assert "Reden van de adresverbetering: – → Huisnummer" in page
    assert "0470 12 34 56" in page
    assert DossierAction.last_of(dossier).performer.username == "stts1.user"


def test_the_modify_form_opens_with_the_dossiers_values(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts1.user")
    page = client.get(f"/stts/dossiers/{dossier.id}/edit").text
    assert 'value="Meir 12"' in page and f'value="{show("line_number", dossier.line_number)}"' in page


def test_a_stale_modify_form_shows_what_is_stored_beside_what_was_typed(client, auth, bucom):
    dossier = active_dossier(*bucom)
    opened = dossier.version
    dossiers.modify(act(bucom[1]), dossier, {"street": "Newer 1", "address_reason": "verhuisd"}, opened)
    auth.login("stts1.user")
    url = f"/stts/dossiers/{dossier.id}/edit"
    response = client.post(url, data=modify_form(dossier, street="Older 2", version=opened,
                                                 address_reason="x"))
    assert response.status_code == 409
    page = text(response)
    assert "Deze gegevens werden intussen gewijzigd" in page
    assert 'value="Newer 1"' in page and "U typte: Older 2" in page
    assert Dossier.get_by_id(dossier.id).street == "Newer 1"
    # saving the page as it came back, without looking, never reverts the other person's change
    assert client.post(url, data=form_values(response, url)).status_code == 303
    assert Dossier.get_by_id(dossier.id).street == "Newer 1"


def test_a_first_invoice_before_the_activation_is_refused(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts1.user")
    early = (dossier.activated_on - timedelta(days=3)).isoformat()
    response = client.post(f"/stts/dossiers/{dossier.id}/edit",
                           data=modify_form(dossier, first_invoice_on=early))
    assert response.status_code == 422
    assert "De datum van de eerste factuur kan niet vóór de activeringsdatum liggen." in text(response)


def test_an_active_dossier_keeps_its_activation_date(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts1.user")
    response = client.post(f"/stts/dossiers/{dossier.id}/edit", data=modify_form(dossier, activated_on=""))
    assert response.status_code == 422
    assert 'id="activated_on-error">Geef de activeringsdatum in.' in text(response)
    assert Dossier.get_by_id(dossier.id).activated_on == dossier.activated_on


def test_the_forms_check_a_field_with_the_domains_rule_and_message(client, auth, bucom):
    auth.login("stts1.user")
    page = client.get("/stts/dossiers/new").text
    assert 'maxlength="200"' in page.split('id="street"')[1].split(">")[0]
    response = client.post("/stts/dossiers/new", data={"postcode": "0999"}, headers=validating("postcode"))
    assert "Een Belgische postcode heeft 4 cijfers (bv. 2000)." in text(response)


def test_stts2_stops_a_tariff_after_the_confirmation_page(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts2.user")
    values = {"reason": "customer_request", "ended_on": dossier.activated_on.isoformat(),
              "version": dossier.version}
    confirm = client.post(f"/stts/dossiers/{dossier.id}/stop/tariff", data=values)
    assert confirm.status_code == 200
    assert "Bevestigen: Stopzetten van het sociaal telefoontarief" in text(confirm)
    assert 'Het dossier wordt nu "stopgezet"' in text(confirm)
    assert Dossier.get_by_id(dossier.id).status == Status.ACTIVE
    response = client.post(f"/stts/dossiers/{dossier.id}/stop/tariff", data={**values, "confirmed": "1"})
    assert response.status_code == 303
    stored = Dossier.get_by_id(dossier.id)
    assert (stored.status, stored.stop_kind, stored.stop_reason) == (
        Status.STOPPED, "tariff", "customer_request")
    page = text(client.get(response.headers["Location"]))
    assert "De stopzetting werd geregistreerd." in page
    assert "Op vraag van de klant" in page
    assert AuditEvent.about("dossier", dossier.id).first().action == "dossier.tariff_stopped"


def test_a_stop_date_before_the_activation_is_refused(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts2.user")
    early = (dossier.activated_on - timedelta(days=1)).isoformat()
    response = client.post(f"/stts/dossiers/{dossier.id}/stop/tariff",
                           data={"reason": "move", "ended_on": early, "version": dossier.version})
    assert response.status_code == 422
    assert "De einddatum kan niet vóór de activeringsdatum" in text(response)
    assert Dossier.get_by_id(dossier.id).status == Status.ACTIVE


def test_a_malformed_date_is_refused(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts2.user")
    response = client.post(f"/stts/dossiers/{dossier.id}/stop/tariff",
                           data={"reason": "move", "ended_on": "31/02/2026", "version": dossier.version})
    assert response.status_code == 422
    assert 'id="ended_on-error">Ongeldige datum.' in text(response)


def test_stts3_cancels_a_stop(client, auth, bucom):
    operator, user = bucom
    dossier = active_dossier(operator, user)
    dossiers.stop_tariff(act(user), dossier, "move", dossiers.today(), dossier.version)
    auth.login("stts3.user")
    page = text(client.get(f"/stts/dossiers/{dossier.id}/cancel"))
    assert "Stopzetting" in page and "Status: stopgezet → actief" in page
    response = client.post(f"/stts/dossiers/{dossier.id}/cancel", data={"version": dossier.version})
    assert response.status_code == 303
    assert Dossier.get_by_id(dossier.id).status == Status.ACTIVE
    assert "De actie werd geannuleerd." in text(client.get(response.headers["Location"]))
    # a second click finds nothing left to cancel
    again = client.post(f"/stts/dossiers/{dossier.id}/cancel", data={"version": dossier.version + 1})
    assert again.status_code == 422
    assert "Foutieve actie: de laatste actie van dit dossier kan niet geannuleerd worden." in text(again)
    assert DossierAction.history(dossier).first().kind == ActionKind.CANCELLED


def test_the_cancel_page_says_when_there_is_nothing_to_cancel(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts3.user")
    response = client.get(f"/stts/dossiers/{dossier.id}/cancel")
    assert response.status_code == 200
    assert "Foutieve actie" in text(response)
    assert "Deze actie annuleren" not in text(response)


# -- transfer ------------------------------------------------------------------------------------

def test_a_transfer_without_a_customer_number_gives_both_operators_a_task(client, auth, bucom, telco):
    (b, _b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user, line_number="087 55 12 34")
    auth.login("stts1.user")
    response = client.post("/stts/transfer", data={
        "national_number": format_national_number(held.national_number), "line_number": "087551234",
        "customer_number": "", "formula": "", "token": "t-1"})
    assert response.status_code == 303
    taken = Dossier.of_operator(b).get()
    assert "Er werd een taak \"Ontbrekende gegevens invullen\" aangemaakt." in text(
        client.get(response.headers["Location"]))
    assert Dossier.get_by_id(held.id).status == Status.TRANSFERRED
    assert {(t.enterprise_id, t.kind) for t in Task.select()} == {
        (a.id, TaskKind.END_REDUCTION), (b.id, TaskKind.MISSING_DATA)}
    assert taken.transferred_from_id == held.id


def test_A_sees_another_operator_never_B(client, auth, bucom, telco):
    (_b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(a, a_user)
    dossiers.transfer(act(b_user), held.national_number, held.line_number)
    auth.login("telco.user")
    page = text(client.get(f"/stts/dossiers/{held.id}"))
    assert "repris par un autre opérateur" in page and "Un autre opérateur" in page
    assert "BUCOM" not in page and b_user.full_name not in page


@pytest.mark.parametrize(("setup", "message"), [
    ("pending", "Het dossier wacht op activatie."),
    ("own", "Foutieve actie: dit sociaal telefoontarief is al bij uw operator."),
    ("other_line", "Er werd bij een andere operator geen actief sociaal telefoontarief gevonden"),
])
def test_a_transfer_that_is_not_possible_is_refused(client, auth, bucom, telco, setup, message):
    (b, b_user), (a, a_user) = bucom, telco
    held = active_dossier(b if setup == "own" else a, b_user if setup == "own" else a_user)
    if setup == "pending":
        stored_as(held, status=Status.AWAITING_ACTIVATION)
    line = "0470 99 88 77" if setup == "other_line" else held.line_number
    auth.login("stts1.user")
    response = client.post("/stts/transfer", data={"national_number": held.national_number,
                                                   "line_number": line, "token": "t-2"})
    assert response.status_code == 422
    assert message in text(response)
    assert Dossier.select().count() == 1 and Task.select().count() == 0


# -- search --------------------------------------------------------------------------------------

@pytest.fixture
def searchable(bucom, telco):
    operator, user = bucom
    lefevre = active_dossier(operator, user, last_name="Lefèvre", first_name="Élodie",
                             line_number="02 512 34 56", customer_number="BC-455")
    peeters = active_dossier(operator, user, line_number="0470 12 34 56", customer_number="BC-900")
    active_dossier(telco[0], telco[1], last_name="Lefebvre", first_name="Other")
    return lefevre, peeters


@pytest.mark.parametrize(("criteria", "found"), [
    ({"name": "lefe"}, ["Lefèvre"]),
    ({"name": "LEFÈ"}, ["Lefèvre"]),
    ({"name": "elo"}, ["Lefèvre"]),
    ({"name": "maria"}, ["Peeters"]),
    ({"line_number": "0470 12"}, ["Peeters"]),
    ({"customer_number": "bc-4"}, ["Lefèvre"]),
    ({"status": "active"}, ["Lefèvre", "Peeters"]),
    ({"status": "stopped"}, []),
    ({}, ["Lefèvre", "Peeters"]),
])
def test_search_finds_own_dossiers_by_prefix(client, auth, searchable, criteria, found):
    auth.login("stts1.user")
    page = text(client.get("/stts/dossiers", query_string=criteria))
    for name in ("Lefèvre", "Peeters"):
        assert (f"{name} " in page) == (name in found), name
    assert "Lefebvre" not in page


def test_search_by_formatted_national_number(client, auth, searchable):
    lefevre, _peeters = searchable
    auth.login("stts1.user")
    typed = format_national_number(lefevre.national_number)[:8]
    page = text(client.get("/stts/dossiers", query_string={"national_number": typed}))
    assert "Lefèvre" in page


def test_search_answers_the_results_alone_to_htmx(client, auth, searchable):
    auth.login("stts1.user")
    full = client.get("/stts/dossiers?name=lef")
    partial = client.get("/stts/dossiers?name=lef", headers={"HX-Request": "true"})
    assert "<html" in full.text and "<html" not in partial.text
    assert "1 dossier gevonden" in text(partial)
    assert "HX-Request" in partial.headers["Vary"]


def test_search_pages(client, auth, bucom):
    operator, user = bucom
    for _ in range(27):
        active_dossier(operator, user)
    auth.login("stts1.user")
    first = text(client.get("/stts/dossiers"))
    assert "27 dossiers gevonden" in first and 'rel="next"' in first
    second = text(client.get("/stts/dossiers?page=2"))
    assert second.split("<tbody>")[1].count("<tr>") == 2 and 'rel="prev"' in second


# -- tasks ---------------------------------------------------------------------------------------

@pytest.fixture
def with_tasks(bucom, telco):
    """BUCOM took a tariff over without customer number (missing data) and gave one away (end reduction)."""
    (b, b_user), (a, a_user) = bucom, telco
    theirs = active_dossier(a, a_user)
    dossiers.transfer(act(b_user), theirs.national_number, theirs.line_number)
    ours = active_dossier(b, b_user, line_number="0470 11 22 33")
    dossiers.transfer(act(a_user), ours.national_number, ours.line_number)
    return Task.of_operator(b).order_by(Task.id)


def test_the_task_list_filters_by_type_and_status(client, auth, with_tasks):
    auth.login("stts3.user")
    page = text(client.get("/stts/tasks"))
    assert "Ontbrekende gegevens invullen" in page and "Reductie beëindigen" in page
    page = text(client.get("/stts/tasks?kind=end_reduction&status=open"))
    assert "Ontbrekende gegevens invullen" not in page.split("<tbody>")[1]
    page = text(client.get("/stts/tasks?status=handled"))
    assert "Er zijn geen taken voor deze filters." in page
    partial = client.get("/stts/tasks?kind=missing_data", headers={"HX-Request": "true"})
    assert "<html" not in partial.text and "1 taak op deze pagina" in text(partial)


def test_handling_a_task_needs_a_comment_and_happens_once(client, auth, with_tasks):
    """Seen: "Ontbrekende gegevens invullen" marked handled with a comment of spaces while the
    customer number was still missing."""
    task = with_tasks[0]
    auth.login("stts3.user")
    page = text(client.get(f"/stts/tasks/{task.id}"))
    assert "In het dossier ontbreken verplichte gegevens: Klantnummer." in page
    link = f'href="/stts/dossiers/{task.dossier_id}/edit#customer_number"'
    assert link in client.get(f"/stts/tasks/{task.id}").text
    empty = client.post(f"/stts/tasks/{task.id}", data={"comment": "   "})
    assert empty.status_code == 422 and "Vermeld wat u gedaan hebt." in text(empty)
    still_missing = client.post(f"/stts/tasks/{task.id}", data={"comment": "Klantnummer aangevuld"})
    assert still_missing.status_code == 422
    assert ("De oorzaak van deze taak is er nog: geef op waarom de taak toch wordt afgesloten."
            in text(still_missing))
    assert Task.get_by_id(task.id).status == TaskStatus.OPEN
    dossier = Dossier.get_by_id(task.dossier_id)
    dossiers.modify(act(Account.by_username("stts3.user")), dossier, {"customer_number": "BC-7"},
                    dossier.version)
    done = client.post(f"/stts/tasks/{task.id}", data={"comment": "  Klantnummer aangevuld  "})
    assert done.status_code == 303 and done.headers["Location"] == "/stts/tasks"
    assert "De taak werd als behandeld gemarkeerd." in text(client.get("/stts/tasks"))
    stored = Task.get_by_id(task.id)
    assert (stored.status, stored.comment, stored.handled_by.username) == (
        TaskStatus.HANDLED, "Klantnummer aangevuld", "stts3.user")
    again = client.post(f"/stts/tasks/{task.id}", data={"comment": "nog eens"})
    assert again.status_code == 409 and "Deze taak werd al behandeld." in text(again)
    assert Task.get_by_id(task.id).comment == "Klantnummer aangevuld"


def test_a_task_closed_while_its_cause_is_there_keeps_why_and_is_audited(client, auth, with_tasks):
    task = with_tasks[0]
    auth.login("stts3.user")
    done = client.post(f"/stts/tasks/{task.id}", data={"comment": "Gebeld", "reason": "  Klant weigert  "})
    assert done.status_code == 303
    stored = Task.get_by_id(task.id)
    assert (stored.status, stored.closed_without_cause) == (TaskStatus.HANDLED, "Klant weigert")
    event = AuditEvent.select().where(AuditEvent.action == "task.handled").get()
    assert event.change_dict["closed_without_cause"] == [None, "Klant weigert"]
    assert "Klant weigert" in text(client.get(f"/stts/tasks/{task.id}"))


# -- tenant isolation ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "/edit", "/stop/reduction", "/stop/tariff", "/cancel", "/activate"])
def test_another_operators_dossier_is_not_found(client, auth, bucom, telco, path):
    theirs = active_dossier(*telco)
    auth.login("stts3.user")
    assert client.get(f"/stts/dossiers/{theirs.id}{path}").status_code == 404
    if path:
        posted = client.post(f"/stts/dossiers/{theirs.id}{path}", data={"version": theirs.version})
        assert posted.status_code == 404
    assert Dossier.get_by_id(theirs.id).version == theirs.version


def test_another_operators_task_is_not_found(client, auth, bucom, telco, with_tasks):
    theirs = Task.of_operator(telco[0]).get()
    auth.login("stts3.user")
    assert client.get(f"/stts/tasks/{theirs.id}").status_code == 404
    assert client.post(f"/stts/tasks/{theirs.id}", data={"comment": "x"}).status_code == 404
    assert Task.get_by_id(theirs.id).status == TaskStatus.OPEN


def test_the_start_page_counts_open_tasks_for_stts3(client, auth, with_tasks):
    auth.login("stts3.user")
    assert "2 open taken" in text(client.get("/stts/"))


def test_the_start_page_shows_no_task_badge_without_open_tasks(client, auth, bucom):
    auth.login("stts3.user")
    page = text(client.get("/stts/"))
    assert "open taken" not in page and "open taak" not in page


def test_past_the_cap_the_start_page_says_more_than(client, auth, bucom, monkeypatch):
    monkeypatch.setattr("blueprints.stts.routes.capped_count", lambda query: Count(1000, True))
    auth.login("stts3.user")
    page = text(client.get("/stts/"))
    assert "Meer dan 1.000 open taken" in page and ">1.000 open taken" not in page
