"""Issue 11 through the screens: each refusal with its status and message, in Dutch."""

from datetime import timedelta

import pytest

from db.accounts import Account
from db.dossiers import Dossier, DossierAction, Status, Task, TaskKind, TaskStatus
from domain import dossiers
from domain.tasks import open_task
from tests.factories import act, make_account
from tests.helpers import text
from tests.stts_data import active_dossier, operator_with_user, person, register_says, tariff_request

HTMX = {"HX-Request": "true"}


@pytest.fixture
def bucom(app):
    operator, user = operator_with_user("BUCOM NL", profile="stts3", username="stts3.user")
    make_account(operator, username="stts1.user", stts_profile="stts1", applications=["stts"])
    make_account(operator, username="stts2.user", stts_profile="stts2", applications=["stts"])
    return operator, user


@pytest.fixture
def telco(app):
    return operator_with_user("TELCO SUD SA", profile="stts3", username="telco.user", language="fr")


def registered(**names):
    number = person(**names)
    register_says(number, street="Meir 1", postcode="2000", city="Antwerpen", language="nl")
    return number


def request_form(number, **overrides):
    return {"national_number": number, "category": "age_65", "formula": "fixed", "customer_number": "bc-1",
            "line_number": "03 201 23 45", "token": "form-1", **overrides}


# -- identification ---------------------------------------------------------------------------------

def test_the_request_form_looks_the_number_up_as_it_is_typed(client, auth, bucom):
    auth.login("stts1.user")
    number = registered(last_name="Peeters", first_name="Maria")
    found = client.get("/stts/identify", query_string={"national_number": number}, headers=HTMX)
    assert found.status_code == 200
    assert "Uit het Rijksregister" in text(found) and "Peeters Maria" in text(found)
    assert "Meir 1, 2000 Antwerpen" in text(found) and "<html" not in found.text
    unknown = client.get("/stts/identify", query_string={"national_number": "85.07.30-033.28"}, headers=HTMX)
    assert unknown.status_code == 422
    assert "Identificatie van de aanvrager is niet mogelijk." in text(unknown)
    page = client.get("/stts/dossiers/new").text
    assert 'hx-get="/stts/identify"' in page and 'hx-trigger="change from:#national_number"' in page


def test_a_request_without_javascript_takes_the_name_from_the_register(client, auth, bucom):
    """Seen: the name was stored as typed ("maria peeters")."""
    operator, _user = bucom
    auth.login("stts1.user")
    number = registered(last_name="Peeters", first_name="Maria")
    response = client.post("/stts/dossiers/new", data=request_form(number, last_name="peeters",
                                                                   first_name="maria"))
    assert response.status_code == 303
    dossier = Dossier.of_operator(operator).get()
    assert (dossier.last_name, dossier.first_name, dossier.street) == ("Peeters", "Maria", "Meir 1")
    assert "Dossier Maria Peeters" in text(client.get(response.headers["Location"]))


def test_an_unidentifiable_number_is_refused_at_its_field(client, auth, bucom):
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data=request_form("85073003328"))
    assert response.status_code == 422
    assert 'id="national_number-error">Identificatie van de aanvrager is niet mogelijk.' in text(response)


def test_an_address_correction_needs_its_reason(client, auth, bucom):
    auth.login("stts1.user")
    number = registered()
    response = client.post("/stts/dossiers/new", data=request_form(number, street="Meir 3"))
    assert response.status_code == 422
    assert 'id="address_reason-error">Het adres komt uit het Rijksregister' in text(response)
    assert 'value="Meir 3"' in text(response)


def test_a_refusal_at_another_operator_offers_the_transfer(client, auth, bucom, telco):
    """Seen: "bij een andere operator" did not offer the transfer."""
    theirs = active_dossier(*telco, household="H-9")
    auth.login("stts1.user")
    number = registered(household="H-9")
    response = client.post("/stts/dossiers/new", data=request_form(number))
    assert response.status_code == 422
    page = text(response)
    assert "bij een andere operator" in page
    assert "Het sociaal tarief naar uw operator transfereren" in page
    assert f"/stts/transfer?national_number={number}" in page
    assert theirs.enterprise.name not in page


def test_a_refusal_at_your_operator_links_to_the_dossier(client, auth, bucom):
    """Seen: "bij uw operator" did not link to the existing dossier."""
    ours = active_dossier(*bucom, household="H-8")
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data=request_form(registered(household="H-8")))
    assert response.status_code == 422
    assert f'href="/stts/dossiers/{ours.id}"' in response.text
    assert "Het bestaande dossier openen" in text(response)


# -- dates, lines, stops ---------------------------------------------------------------------------

def test_the_modify_screen_refuses_a_future_request_date_and_a_taken_line(client, auth, bucom, telco):
    theirs = active_dossier(*telco, line_number="087 55 12 34")
    dossier = active_dossier(*bucom)
    auth.login("stts1.user")
    form = {"street": dossier.street, "postcode": dossier.postcode, "city": dossier.city,
            "language": dossier.language, "line_number": "087 55 12 34", "customer_number": "BC-1",
            "formula": dossier.formula, "requested_on": dossier.requested_on.isoformat(),
            "activated_on": dossier.activated_on.isoformat(), "version": dossier.version}
    taken = client.post(f"/stts/dossiers/{dossier.id}/edit", data=form)
    assert taken.status_code == 422
    assert 'id="line_number-error">Dit lijnnummer heeft al een sociaal telefoontarief' in text(taken)
    future = client.post(f"/stts/dossiers/{dossier.id}/edit",
                         data={**form, "line_number": "0470 10 20 30", "requested_on": "2027-01-01"})
    assert future.status_code == 422
    assert 'id="requested_on-error">De datum van aanvraag kan niet in de toekomst liggen.' in text(future)
    emptied = client.post(f"/stts/dossiers/{dossier.id}/edit",
                          data={**form, "line_number": "0470 10 20 30", "customer_number": " "})
    assert emptied.status_code == 422 and 'id="customer_number-error">' in emptied.text
    assert Dossier.get_by_id(dossier.id).line_number != theirs.line_number


def test_an_activation_in_the_future_is_refused_on_screen(client, auth, bucom):
    operator, user = bucom
    dossier = dossiers.request_tariff(act(user), tariff_request(person()))
    auth.login("stts1.user")
    page = text(client.get(f"/stts/dossiers/{dossier.id}"))
    # the activation is part of "Wijziging van een dossier" (the manual's table has no "Activeren")
    assert "Wijziging: activering" in page and ">Activeren<" not in page
    response = client.post(f"/stts/dossiers/{dossier.id}/activate",
                           data={"activated_on": "2030-05-05", "version": dossier.version})
    assert response.status_code == 422
    assert "Een activering is een feit dat plaatsvond" in text(response)
    assert Dossier.get_by_id(dossier.id).status == Status.AWAITING_ACTIVATION


def test_a_scheduled_stop_through_the_screens(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts2.user")
    later = (dossiers.today() + timedelta(days=10)).isoformat()
    values = {"reason": "other", "note": "  ", "ended_on": later, "version": dossier.version}
    no_text = client.post(f"/stts/dossiers/{dossier.id}/stop/reduction", data=values)
    assert no_text.status_code == 422 and 'id="note-error">Geef de andere reden op.' in text(no_text)
    values["note"] = "Verblijft in het buitenland"
    confirm = client.post(f"/stts/dossiers/{dossier.id}/stop/reduction", data=values)
    assert confirm.status_code == 200
    assert "Bevestigen: Stopzetten van de reductie" in text(confirm)
    assert "De stopzetting is gepland" in text(confirm)
    done = client.post(f"/stts/dossiers/{dossier.id}/stop/reduction", data={**values, "confirmed": "1"})
    assert done.status_code == 303
    page = text(client.get(done.headers["Location"]))
    assert "De stopzetting is gepland" in page and "Geplande stopzetting" in page
    assert "Stopzetten van de reductie (gepland)" in page and "Verblijft in het buitenland" in page
    assert Dossier.get_by_id(dossier.id).status == Status.ACTIVE


def test_a_stop_reason_of_the_other_stop_is_refused(client, auth, bucom):
    dossier = active_dossier(*bucom)
    auth.login("stts2.user")
    response = client.post(f"/stts/dossiers/{dossier.id}/stop/reduction", data={
        "reason": "customer_request", "ended_on": dossiers.today().isoformat(), "version": dossier.version})
    assert response.status_code == 422
    assert Dossier.get_by_id(dossier.id).status == Status.ACTIVE


# -- tasks -----------------------------------------------------------------------------------------

def test_close_dossier_says_what_to_do_and_needs_a_reason_while_the_dossier_is_open(client, auth, bucom):
    operator, user = bucom
    dossier = dossiers.request_tariff(act(user), tariff_request(person()))
    task, _ = open_task(dossier, TaskKind.CLOSE_DOSSIER)
    auth.login("stts3.user")
    page = text(client.get(f"/stts/tasks/{task.id}"))
    assert "Wat te doen" in page and "Sluit het dossier af" in page
    refused = client.post(f"/stts/tasks/{task.id}", data={"comment": "Gedaan"})
    assert refused.status_code == 422 and Task.get_by_id(task.id).status == TaskStatus.OPEN
    dossiers.stop_tariff(act(Account.by_username("stts3.user")), dossier, "customer_request",
                         dossiers.today(), dossier.version)
    assert client.post(f"/stts/tasks/{task.id}", data={"comment": "Gedaan"}).status_code == 303


# -- search ----------------------------------------------------------------------------------------

def test_search_refuses_an_invalid_national_number_instead_of_listing_everything(client, auth, bucom):
    """Seen: national number "abc" silently listed every dossier."""
    active_dossier(*bucom)
    auth.login("stts1.user")
    response = client.get("/stts/dossiers?national_number=abc")
    assert response.status_code == 422
    page = text(response)
    assert "Rijksregisternummer: Typ het rijksregisternummer met cijfers" in page
    assert "Peeters" not in page.split('id="results"')[1]
    partial = client.get("/stts/dossiers?line_number=abc", headers=HTMX)
    assert partial.status_code == 422 and "Typ het lijnnummer met enkel cijfers" in text(partial)


def test_search_finds_a_line_typed_as_plus_32(client, auth, bucom):
    """Seen: line "+3225123456" found nothing."""
    active_dossier(*bucom, line_number="02 512 34 56")
    auth.login("stts1.user")
    for url in ("/stts/dossiers?line_number=+3225123456", "/stts/dossiers?line_number=%2B3225123456",
                "/stts/dossiers?line_number=0032.2.512.34.56"):
        response = client.get(url)
        assert response.status_code == 200 and "1 dossier gevonden" in text(response), url


# -- history ---------------------------------------------------------------------------------------

def test_the_history_shows_no_line_that_changed_nothing(client, auth, bucom):
    """Seen: "Ja → Ja", "Toepassingen: — → —" (and the same in a dossier)."""
    dossier = active_dossier(*bucom)
    DossierAction.create(dossier=dossier, kind="modified", performer_name="Old Data",
                         changes='{"formula": ["fixed", "fixed"], "customer_number": [null, ""]}')
    auth.login("stts1.user")
    page = text(client.get(f"/stts/dossiers/{dossier.id}"))
    assert "Formule: Vaste telefonie → Vaste telefonie" not in page
    assert "Klantnummer: – → –" not in page
