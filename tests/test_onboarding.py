"""Appointing a local admin: 'Hoe registreren', the access request wizard, its ticket, the status
lookup, the first login with provisional credentials and 'Maak een lokale beheerder'."""

import re
from datetime import date, timedelta

import pytest

from db.access_requests import AccessRequest, ProvisionalCredential, RequestStatus
from db.accounts import Account, Role
from db.audit import AuditEvent
from db.clock import utcnow
from db.enterprises import Enterprise
from domain import onboarding
from domain.actors import Actor
from domain.first_login import complete_local_admin
from domain.passwords import verify_password
from domain.phones import phone_number
from domain.refusals import Refused
from domain.tickets import new_ticket, normalize_ticket
from domain.usernames import check_username_format, is_provisional_username, new_provisional_username
from domain.working_days import is_working_day, working_days_between
from tests.factories import (
    PASSWORD,
    access_request_fields,
    act,
    make_access_request,
    make_account,
    make_enterprise,
)
from tests.helpers import text

URL = "/onboarding/request"
STATE = re.compile(r'name="state" value="([^"]+)"')
TICKET = re.compile(r"STTS-[A-Z2-9]{4}-[A-Z2-9]{4}")
NEW_PASSWORD = "Zeven-Blauwe-Olifanten-2026"

ENTERPRISE = {"kbo_number": "0721.435.619", "enterprise_name": "NOVA TELECOM BV", "rsz_local_admin": "y",
              "street": "Kortrijksesteenweg 1020", "postcode": "9051", "city": "Gent"}
ADMIN = {"admin_last_name": "Peeters", "admin_first_name": "Sofie",
         "admin_national_number": "79.03.15-123.40", "admin_capacity": "employee",
         "admin_email": "sofie@nova.example", "admin_phone": "0470 12 34 56"}
SIGNER = {"signer_last_name": "Peeters", "signer_first_name": "Koen", "signer_national_number": "82061124525",
          "signer_capacity": "manager", "signer_email": "koen@nova.example", "signer_phone": "",
          "signer_works_in_enterprise": "yes"}


class RequestForm:
    """The public access request, driven through the test client as a browser would."""

    def __init__(self, client, headers=None):
        self.client = client
        self.headers = headers or {}
        self.response = client.get(URL, headers=self.headers)

    @property
    def state(self):
        return STATE.search(self.response.text).group(1)

    def post(self, step, go="next", **data):
        self.response = self.client.post(URL, data={"state": self.state, "step": step, "go": go, **data},
                                         headers=self.headers)
        return self.response

    def fill(self, enterprise=None, admin=None, signer=None):
        """Steps 1 to 3, up to the overview."""
        self.post("enterprise", **(enterprise or ENTERPRISE))
        self.post("admin", **(admin or ADMIN))
        return self.post("signer", **(signer or SIGNER))

    def register(self):
        return self.post("overview", go="register")


@pytest.fixture
def form(client):
    return RequestForm(client)


def heading(response):
    """The wizard's current step heading, e.g. 'Stap 2 van 4: Uw lokale beheerder'."""
    return re.search(r'<h2 id="step-heading"[^>]*>\s*(.*?)\s*</h2>', response.text, re.S).group(1)


# -- the public entry -------------------------------------------------------------------------


def test_the_home_page_leads_to_the_access_request(client):
    assert "Hoe registreren" in client.get("/").text
    how = client.get("/onboarding/").text
    assert "Hoe duidt u een lokale beheerder aan?" in how
    assert 'href="/onboarding/form">Elektronisch formulier voor de toegangsaanvraag' in how
    form_page = client.get("/onboarding/form").text
    assert 'href="/onboarding/request">Een toegangsaanvraag voor de beveiligde omgeving doen' in form_page


def test_every_page_header_links_to_how_to_register(client, auth):
    make_account(make_enterprise(), role=Role.LOCAL_ADMIN, username="the.admin")
    auth.login("the.admin")
    page = client.get("/welcome/").text
    assert re.search(r"Logout</button>\s*</form> \| <a href=\"/onboarding/\">Hoe registreren</a>", page)


# -- the wizard -------------------------------------------------------------------------------


def test_the_first_step_is_a_full_page_without_javascript(client):
    page = client.get(URL)
    assert page.status_code == 200
    assert "<html" in page.text
    assert "Stap 1 van 4: Uw onderneming" in page.text
    for label in ("RSZ-identificatienummer", "Ondernemingsnummer (KBO-nummer)", "Naam van de onderneming",
                  "RSZ-werkgever", "lokale beheerder"):
        assert label in page.text


def test_a_new_operator_files_a_request_and_gets_a_ticket(client, form):
    assert heading(form.post("enterprise", **ENTERPRISE)) == "Stap 2 van 4: Uw lokale beheerder"
    assert heading(form.post("admin", **ADMIN)) == "Stap 3 van 4: De verantwoordelijke"
    overview = form.post("signer", **SIGNER)
    assert heading(overview) == "Stap 4 van 4: Overzicht"
    for shown in ("NOVA TELECOM BV", "0721.435.619", "79.03.15-123.40", "werknemer", "+32 470 12 34 56",
                  "82.06.11-245.25", "zaakvoerder"):
        assert shown in overview.text
    assert AccessRequest.select().count() == 0

    response = form.register()

    assert response.status_code == 303
    filed = AccessRequest.get()
    assert response.headers["Location"] == f"/onboarding/request/{filed.ticket}"
    assert TICKET.fullmatch(filed.ticket)
    assert (filed.kbo_number, filed.rsz_number, filed.admin_national_number) == ("0721435619", None,
                                                                                  "79031512340")
    assert (filed.admin_phone, filed.signer_phone, filed.signer_works_in_enterprise) == (
        "+32 470 12 34 56", None, True)
    assert (filed.status, filed.language) == (RequestStatus.SUBMITTED, "nl")
    assert not filed.replaces_local_admin
    event = AuditEvent.about("access_request", filed.id).get()
    assert (event.action, event.actor, event.subject_name) == ("access_request.filed", None, filed.ticket)


def test_the_confirmation_holds_the_ticket_the_data_and_the_signature_block(client, form):
    form.fill()
    page = text(client.get(form.register().headers["Location"]))
    filed = AccessRequest.get()
    assert f"Ticketnummer: <strong>{filed.ticket}</strong>" in page
    assert "Houd dit nummer bij" in page
    assert "Handtekening van de verantwoordelijke" in page
    assert "De RSZ aanvaardt geen fax, geen fotokopie en geen e-mail." in page
    assert "Binnen 5 werkdagen" in page
    assert "Koen Peeters" in page and "79.03.15-123.40" in page
    assert 'data-print' in page
    # a signer who works in the enterprise needs no Staatsblad publication
    assert "Belgisch Staatsblad" not in page


def test_a_signer_from_outside_adds_the_staatsblad_publication(client, form):
    overview = form.fill(signer={**SIGNER, "signer_works_in_enterprise": "no"})
    assert "Belgisch Staatsblad" in text(overview)
    page = text(client.get(form.register().headers["Location"]))
    assert "Voeg een kopie toe van de publicatie in de bijlagen van het Belgisch Staatsblad" in page


def test_the_confirmation_opens_only_in_the_browser_that_filed_it(app, client, form):
    form.fill()
    location = form.register().headers["Location"]
    assert client.get(location).status_code == 200
    assert app.test_client().get(location).status_code == 404
    assert client.get("/onboarding/request/STTS-AAAA-BBBB").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"enterprise_name": "NOVA", "rsz_local_admin": "y"},
         "Geef het RSZ-nummer of het ondernemingsnummer (KBO) van uw onderneming in."),
        ({**ENTERPRISE, "kbo_number": "0721.435.618"}, "Dit is geen geldig ondernemingsnummer"),
        ({**ENTERPRISE, "kbo_number": "", "rsz_number": "0009354-68"}, "Dit is geen geldig RSZ-nummer"),
        ({**ENTERPRISE, "enterprise_name": ""}, "Geef de naam van de onderneming in."),
        ({"kbo_number": "0721435619", "enterprise_name": "NOVA"}, "Vink 'lokale beheerder' aan"),
    ],
)
def test_the_enterprise_step_says_what_is_wrong_and_keeps_the_input(form, data, message):
    response = form.post("enterprise", **data)
    assert response.status_code == 422
    assert message in text(response)
    assert heading(response) == "Stap 1 van 4: Uw onderneming"
    # identifiers come back in their canonical digits
    typed = data.get("enterprise_name") or data["kbo_number"].replace(".", "")
    assert f'value="{typed}"' in response.text


def test_rsz_and_kbo_numbers_of_two_different_enterprises_are_refused(form):
    first = make_enterprise(name="FIRST")
    second = make_enterprise(name="SECOND", rsz_number="000935467")
    response = form.post("enterprise", kbo_number=first.kbo_number, rsz_number=second.rsz_number,
                         enterprise_name="FIRST", rsz_local_admin="y")
    assert response.status_code == 422
    assert "horen niet bij dezelfde onderneming" in text(response)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("admin_national_number", "85.07.30-033.29", "Dit is geen geldig rijksregisternummer"),
        ("admin_capacity", "", "Kies de hoedanigheid."),
        ("admin_capacity", "king", "Kies een van de vermelde hoedanigheden."),
        ("admin_email", "sofie-at-nova", "Dit is geen geldig e-mailadres."),
        ("admin_phone", "12345", "Dit is geen geldig telefoonnummer"),
        ("admin_last_name", "", "Geef de naam in."),
    ],
)
def test_the_local_admin_step_says_what_is_wrong_and_keeps_the_input(form, field, value, message):
    form.post("enterprise", **ENTERPRISE)
    response = form.post("admin", **{**ADMIN, field: value})
    assert response.status_code == 422
    assert message in text(response)
    assert 'value="sofie@nova.example"' in response.text or field == "admin_email"
    assert AccessRequest.select().count() == 0


def test_the_responsible_cannot_be_an_employee(form):
    form.post("enterprise", **ENTERPRISE)
    step = form.post("admin", **ADMIN)
    # the form does not even offer it
    assert 'value="employee"' not in step.text
    response = form.post("signer", **{**SIGNER, "signer_capacity": "employee"})
    assert response.status_code == 422
    assert "De verantwoordelijke die ondertekent moet bestuurder, zaakvoerder of vennoot zijn." in text(
        response)
    assert 'value="Koen"' in response.text


def test_the_responsible_must_say_whether_they_work_in_the_enterprise(form):
    form.post("enterprise", **ENTERPRISE)
    form.post("admin", **ADMIN)
    response = form.post("signer", **{**SIGNER, "signer_works_in_enterprise": ""})
    assert response.status_code == 422
    assert "Antwoord ja of nee." in text(response)


def test_previous_keeps_everything_typed_in_both_steps(form):
    form.post("enterprise", **ENTERPRISE)
    back = form.post("admin", go="back", admin_last_name="Half", admin_national_number="123")
    assert heading(back) == "Stap 1 van 4: Uw onderneming"
    assert 'value="NOVA TELECOM BV"' in back.text
    again = form.post("enterprise", **ENTERPRISE)
    assert heading(again) == "Stap 2 van 4: Uw lokale beheerder"
    assert 'value="Half"' in again.text and 'value="123"' in again.text


def test_previous_on_the_overview_shows_the_last_step(form):
    form.fill()
    step = form.post("overview", go="back")
    assert step.status_code == 200
    assert heading(step) == "Stap 3 van 4: De verantwoordelijke"
    assert 'value="Koen"' in step.text


def test_change_from_the_overview_returns_to_the_overview(form):
    form.fill()
    step = form.post("overview", go="admin")
    assert heading(step) == "Stap 2 van 4: Uw lokale beheerder"
    assert 'value="Sofie"' in step.text
    overview = form.post("admin", **{**ADMIN, "admin_first_name": "Sophie"})
    assert heading(overview) == "Stap 4 van 4: Overzicht"
    assert "Sophie" in overview.text and "Koen" in overview.text


def test_a_double_click_on_register_files_one_request(client, form):
    form.fill()
    overview = form.state
    first = form.register()
    second = client.post(URL, data={"state": overview, "step": "overview", "go": "register"})
    assert first.status_code == 303
    assert second.status_code == 409
    ticket = AccessRequest.get().ticket
    assert f"Deze aanvraag werd al geregistreerd, met ticketnummer {ticket}" in text(second)
    assert f'href="/onboarding/request/{ticket}"' in second.text
    assert AccessRequest.select().count() == 1


def test_a_tampered_or_expired_form_is_refused(client):
    response = client.post(URL, data={"state": "not-ours", "step": "enterprise", **ENTERPRISE})
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in text(response)
    assert AccessRequest.select().count() == 0


def test_an_unknown_step_is_refused(form):
    assert form.post("payment", **ENTERPRISE).status_code == 400


def test_htmx_gets_the_wizard_panel_and_a_redirect_at_the_end(client):
    form = RequestForm(client, headers={"HX-Request": "true"})
    assert "<html" not in form.response.text and 'id="wizard"' in form.response.text
    step = form.post("enterprise", **ENTERPRISE)
    assert "<html" not in step.text and "Stap 2 van 4" in step.text
    assert "autofocus" in step.text
    invalid = form.post("admin", **{**ADMIN, "admin_email": "x"})
    assert invalid.status_code == 422 and "<html" not in invalid.text
    form.post("admin", **ADMIN)
    form.post("signer", **SIGNER)
    done = form.register()
    assert done.headers["HX-Redirect"] == f"/onboarding/request/{AccessRequest.get().ticket}"


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "Ce n'est pas un numéro d'entreprise valable"),
     ("de", "Dies ist keine gültige Unternehmensnummer")],
)
def test_the_form_speaks_french_and_german(client, language, message):
    form = RequestForm(client, headers={"Accept-Language": language})
    assert {"fr": "Étape 1 sur 4", "de": "Schritt 1 von 4"}[language] in text(form.response)
    response = form.post("enterprise", **{**ENTERPRISE, "kbo_number": "0721.435.618"})
    assert message in text(response)


def test_the_request_keeps_the_language_it_was_filed_in(client):
    form = RequestForm(client, headers={"Accept-Language": "fr"})
    form.fill()
    form.register()
    assert AccessRequest.get().language == "fr"


# -- replacing the local admin ----------------------------------------------------------------


@pytest.fixture
def bucom(app):
    enterprise = make_enterprise(name="BUCOM NL")
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                 last_name="Janssens")
    return enterprise


def test_an_enterprise_with_a_local_admin_is_asked_about_replacing_them(form, bucom):
    step = form.post("enterprise", **{**ENTERPRISE, "kbo_number": bucom.kbo_number})
    assert heading(step) == "Stap 2 van 5: Uw huidige lokale beheerder"
    assert "Wilt u uw huidige lokale beheerder vervangen?" in step.text
    assert "worden de gegevens van uw huidige lokale beheerder overschreven" in step.text


def test_no_to_replacing_files_nothing(form, bucom):
    form.post("enterprise", **{**ENTERPRISE, "kbo_number": bucom.kbo_number})
    response = form.post("replace", replaces_local_admin="no")
    assert response.status_code == 200
    assert "Uw aanvraag werd niet ingediend" in response.text
    assert AccessRequest.select().count() == 0
    assert AuditEvent.select().count() == 0


def test_the_replacement_question_needs_an_answer(form, bucom):
    form.post("enterprise", **{**ENTERPRISE, "kbo_number": bucom.kbo_number})
    response = form.post("replace")
    assert response.status_code == 422
    assert "Antwoord ja of nee." in text(response)


def test_yes_to_replacing_files_a_replacement(client, form, bucom):
    form.post("enterprise", **{**ENTERPRISE, "kbo_number": bucom.kbo_number})
    assert heading(form.post("replace", replaces_local_admin="yes")) == "Stap 3 van 5: Uw lokale beheerder"
    form.post("admin", **ADMIN)
    overview = form.post("signer", **SIGNER)
    assert "Vervangt de huidige lokale beheerder" in overview.text
    form.register()
    filed = AccessRequest.get()
    assert filed.replaces_local_admin and filed.enterprise_id == bucom.id


def test_an_enterprise_that_got_a_local_admin_meanwhile_brings_the_question_back(form):
    form.fill()
    enterprise = Enterprise.create(name="NOVA TELECOM BV", kbo_number="0721435619")
    make_account(enterprise, role=Role.LOCAL_ADMIN)
    response = form.register()
    assert response.status_code == 422
    assert "Wilt u uw huidige lokale beheerder vervangen?" in response.text
    assert AccessRequest.select().count() == 0


# -- looking up a request by its ticket number -------------------------------------------------


def test_the_status_of_a_request_by_its_ticket_number(client):
    filed = make_access_request()
    page = client.post("/onboarding/status", data={"ticket": filed.ticket.lower().replace("-", " ")})
    assert page.status_code == 200
    assert f"Toegangsaanvraag {filed.ticket}" in page.text
    assert "Wacht op het ondertekende origineel" in page.text
    assert filed.admin_national_number not in page.text and "Peeters" not in page.text


def test_an_unknown_ticket_number_is_a_404_that_keeps_the_input(client):
    response = client.post("/onboarding/status", data={"ticket": "STTS-AAAA-BBBB"})
    assert response.status_code == 404
    assert "Er is geen toegangsaanvraag met dit ticketnummer." in text(response)
    assert 'value="STTS-AAAA-BBBB"' in response.text


def test_something_that_is_no_ticket_number_is_a_422(client):
    response = client.post("/onboarding/status", data={"ticket": "hello"},
                           headers={"Accept-Language": "de"})
    assert response.status_code == 422
    assert "Dies ist keine Ticketnummer" in text(response)


def test_the_status_lookup_answers_htmx_with_its_panel(client):
    filed = make_access_request()
    response = client.post("/onboarding/status", data={"ticket": filed.ticket},
                           headers={"HX-Request": "true"})
    assert "<html" not in response.text and 'id="ticket-status"' in response.text


# -- the first login --------------------------------------------------------------------------


@pytest.fixture
def officer(app):
    return make_account(role=Role.OFFICER, username="rsz.officer")


@pytest.fixture
def issued(officer):
    """A request for a new enterprise with provisional credentials: (request, credential, password)."""
    filed = make_access_request(admin_first_name="Sofie", admin_last_name="Peeters")
    onboarding.record_original_received(act(officer), filed)
    credentials = onboarding.issue_credentials(act(officer), filed)
    return filed, credentials.credential, credentials.password


def provisional_login(auth, issued, password=None):
    _, credential, right_password = issued
    return auth.login(credential.username, password or right_password)


def complete(client, username="sofie.peeters", password=NEW_PASSWORD, **changes):
    data = {"username": username, "repeat_username": username, "password": password,
            "repeat_password": password, "first_name": "Sofie", "last_name": "Peeters",
            "email": "sofie@nova.example", **changes}
    return client.post("/onboarding/local-admin", data=data)


def test_provisional_credentials_lead_only_to_create_a_local_admin(client, auth, issued):
    filed, credential, _ = issued
    response = provisional_login(auth, issued)
    assert response.status_code == 303
    assert response.headers["Location"] == "/onboarding/first-login"
    page = client.get("/onboarding/first-login")
    assert 'href="/onboarding/local-admin">Maak een lokale beheerder</a>' in page.text
    assert filed.enterprise_name in page.text
    # nothing else opens: there is no signed-in account; the start page is 'Maak een lokale beheerder'
    assert client.get("/welcome/").headers["Location"] == "/onboarding/first-login"
    assert client.get("/users/").status_code == 302
    assert AuditEvent.about("access_request", filed.id).where(
        AuditEvent.action == "access_request.provisional_sign_in").exists()


def test_the_form_is_prefilled_with_the_requests_data(client, auth, issued):
    provisional_login(auth, issued)
    page = client.get("/onboarding/local-admin").text
    assert 'value="Sofie"' in page and 'value="Peeters"' in page
    assert "Herhaal de gebruikersnaam" in page and "Herhaal het wachtwoord" in page
    assert "Rijksregisternummer" in page


def test_the_local_admin_registers_and_signs_in_with_their_own_username(client, auth, issued):
    filed, credential, password = issued
    provisional_login(auth, issued)
    response = complete(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert "Uw account als lokale beheerder is klaar." in client.get("/login").text

    admin = Account.by_username("sofie.peeters")
    assert (admin.role, admin.enterprise_id, admin.national_number) == (
        Role.LOCAL_ADMIN, filed.enterprise_id, filed.admin_national_number)
    assert verify_password(admin.password_hash, NEW_PASSWORD)
    assert ProvisionalCredential.get_by_id(credential.id).used_at is not None
    assert AccessRequest.get_by_id(filed.id).status == RequestStatus.COMPLETED
    assert AuditEvent.about("account", admin.id).where(AuditEvent.action == "account.created").exists()
    completed = AuditEvent.about("access_request", filed.id).where(
        AuditEvent.action == "access_request.completed").get()
    assert completed.change_dict["local_admin"] == "sofie.peeters"

    # the provisional session is over, and the provisional credentials stop working
    assert client.get("/onboarding/local-admin").status_code == 302
    used = auth.login(credential.username, password)
    assert used.status_code == 403
    assert "Deze voorlopige gegevens werden al gebruikt." in text(used)

    signed_in = auth.login("sofie.peeters", NEW_PASSWORD)
    assert signed_in.headers["Location"] == "/welcome/"
    assert "Welkom Sofie Peeters" in client.get("/welcome/").text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"repeat_username": "sofie.peter"}, "De twee gebruikersnamen zijn niet gelijk."),
        ({"repeat_password": NEW_PASSWORD + "x"}, "De twee wachtwoorden zijn niet gelijk."),
        ({"password": "kort", "repeat_password": "kort"}, "minstens 12 tekens"),
        ({"password": "password1234", "repeat_password": "password1234"},
         "lijst van veelgebruikte wachtwoorden"),
        ({"username": "tmp-abcd-efgh", "repeat_username": "tmp-abcd-efgh"},
         "Gebruikersnamen die met 'tmp-' beginnen, zijn voorbehouden"),
        ({"username": "x", "repeat_username": "x"}, "Een gebruikersnaam telt 3 tot 50 tekens"),
        ({"email": "nope"}, "Dit is geen geldig e-mailadres."),
    ],
)
def test_refusals_say_why_keep_the_input_and_change_nothing(client, auth, issued, changes, message):
    provisional_login(auth, issued)
    response = complete(client, **changes)
    assert response.status_code == 422
    assert message in text(response)
    assert 'value="Sofie"' in response.text
    assert NEW_PASSWORD not in response.text
    assert Account.select().where(Account.role == Role.LOCAL_ADMIN).count() == 0
    assert ProvisionalCredential.get_by_id(issued[1].id).used_at is None


def test_a_username_that_is_taken_is_refused(client, auth, issued):
    make_account(make_enterprise(), username="sofie.peeters")
    provisional_login(auth, issued)
    response = complete(client)
    assert response.status_code == 422
    assert "Deze gebruikersnaam is al in gebruik. Kies een andere." in text(response)
    assert 'value="sofie.peeters"' in response.text


def test_the_username_is_taken_in_any_case(client, auth, issued):
    make_account(make_enterprise(), username="sofie.peeters")
    provisional_login(auth, issued)
    response = complete(client, username="Sofie.Peeters")
    assert response.status_code == 422


def test_wrong_provisional_passwords_are_counted_and_lock_the_credentials(client, auth, issued):
    filed, credential, password = issued
    for _ in range(4):
        wrong = provisional_login(auth, issued, password="WRONG-WRONG-WRONG")
        assert wrong.status_code == 401
        assert "Onjuiste gebruikersnaam of wachtwoord" in text(wrong)
    assert provisional_login(auth, issued, password="WRONG-WRONG-WRONG").status_code == 401
    assert ProvisionalCredential.get_by_id(credential.id).failed_logins == 5
    assert AuditEvent.about("access_request", filed.id).where(
        AuditEvent.action == "access_request.credentials_locked").exists()
    # even the right password no longer opens anything, and says no more than before
    locked = provisional_login(auth, issued)
    assert locked.status_code == 401
    assert "Onjuiste gebruikersnaam of wachtwoord" in text(locked)


def test_an_unknown_provisional_username_gets_the_usual_answer(auth, issued):
    response = auth.login("tmp-zzzz-zzzz", "whatever-password")
    assert response.status_code == 401
    assert "Onjuiste gebruikersnaam of wachtwoord" in text(response)


def test_expired_provisional_credentials_are_refused(client, auth, issued):
    _, credential, _ = issued
    ProvisionalCredential.update(expires_at=utcnow() - timedelta(minutes=1)).where(
        ProvisionalCredential.id == credential.id).execute()
    response = provisional_login(auth, issued)
    assert response.status_code == 403
    assert "Deze voorlopige gegevens zijn niet meer geldig" in text(response)
    assert client.get("/onboarding/first-login").status_code == 302


def test_expired_credentials_are_explained_in_french(client, issued):
    _, credential, password = issued
    ProvisionalCredential.update(expires_at=utcnow() - timedelta(minutes=1)).where(
        ProvisionalCredential.id == credential.id).execute()
    response = client.post("/login", data={"username": credential.username, "password": password,
                                           "portal": "enterprise"}, headers={"Accept-Language": "fr"})
    assert "Ces données provisoires ne sont plus valables" in text(response)


def test_provisional_credentials_do_not_open_the_back_office(auth, issued):
    _, credential, password = issued
    assert auth.login(credential.username, password, portal="backoffice").status_code == 401


def test_new_credentials_end_an_open_provisional_session(client, auth, issued, officer):
    filed, _, _ = issued
    provisional_login(auth, issued)
    onboarding.issue_credentials(act(officer), AccessRequest.get_by_id(filed.id), replaces=issued[1].id)
    response = client.get("/onboarding/local-admin")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"


def test_a_provisional_session_ends_after_thirty_idle_minutes(client, auth, issued, clock):
    provisional_login(auth, issued)
    clock.travel(minutes=31)
    assert client.get("/onboarding/local-admin").status_code == 302


def test_a_provisional_session_in_use_lasts_longer_than_thirty_minutes(client, auth, issued, clock):
    provisional_login(auth, issued)
    for _ in range(3):
        clock.travel(minutes=20)
        assert client.get("/onboarding/local-admin").status_code == 200


def test_create_a_local_admin_needs_a_provisional_session(client):
    response = client.get("/onboarding/local-admin")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    htmx = client.get("/onboarding/local-admin", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"] == "/login"


def test_two_browsers_complete_once(app, client, auth, issued):
    other = app.test_client()
    _, credential, password = issued
    other.post("/login", data={"username": credential.username, "password": password, "portal": "enterprise"})
    provisional_login(auth, issued)
    assert complete(client).status_code == 303
    late = complete(other, username="sofie.two")
    assert late.status_code == 302
    assert Account.by_username("sofie.two") is None


# -- replacing the local admin at the first login ---------------------------------------------


@pytest.fixture
def replacement(bucom, officer):
    """BUCOM's request to replace Els Janssens by Sofie Peeters, with provisional credentials issued."""
    filed = make_access_request(kbo_number=bucom.kbo_number, enterprise_name="BUCOM NL",
                                replaces_local_admin=True)
    onboarding.record_original_received(act(officer), filed)
    credentials = onboarding.issue_credentials(act(officer), filed)
    return filed, credentials.credential, credentials.password


def test_the_new_local_admin_replaces_the_old_one_at_that_moment(app, client, auth, replacement, bucom):
    els = app.test_client()
    els.post("/login", data={"username": "els.janssens", "password": PASSWORD, "portal": "enterprise"})
    assert els.get("/users/").status_code == 200

    provisional_login(auth, replacement)
    assert complete(client).status_code == 303

    old = Account.by_username("els.janssens")
    new = Account.by_username("sofie.peeters")
    assert (old.role, new.role) == (Role.USER, Role.LOCAL_ADMIN)
    assert Account.local_admin_of(bucom).id == new.id
    # Els's open session ended; signed in again, she is a plain user who cannot manage users
    assert els.get("/users/").status_code == 302
    els.post("/login", data={"username": "els.janssens", "password": PASSWORD, "portal": "enterprise"})
    assert els.get("/users/").status_code == 403
    replaced = AuditEvent.about("account", old.id).where(
        AuditEvent.action == "account.local_admin_replaced").get()
    assert replaced.change_dict["role"] == ["local_admin", "user"]
    assert replaced.enterprise_id == bucom.id
    completed = AuditEvent.about("access_request", replacement[0].id).where(
        AuditEvent.action == "access_request.completed").get()
    assert completed.change_dict["replaced_local_admin"] == "els.janssens"


def test_a_person_with_an_account_keeps_their_username(client, auth, bucom, officer):
    person = make_account(bucom, username="pieter.desmet", first_name="Pieter", last_name="De Smet",
                          blocked=True)
    filed = make_access_request(kbo_number=bucom.kbo_number, enterprise_name="BUCOM NL",
                                replaces_local_admin=True, admin_national_number=person.national_number)
    onboarding.record_original_received(act(officer), filed)
    credentials = onboarding.issue_credentials(act(officer), filed)
    auth.login(credentials.credential.username, credentials.password)
    page = client.get("/onboarding/local-admin").text
    assert "U hebt al een gebruikersnaam in deze onderneming: pieter.desmet." in page
    assert 'name="username"' not in page
    response = client.post("/onboarding/local-admin", data={
        "password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD, "first_name": "Pieter",
        "last_name": "De Smet", "email": "pieter@bucom.example"})
    assert response.status_code == 303
    promoted = Account.get_by_id(person.id)
    assert (promoted.role, promoted.blocked) == (Role.LOCAL_ADMIN, False)
    assert verify_password(promoted.password_hash, NEW_PASSWORD)
    assert Account.by_username("els.janssens").role == Role.USER
    assert Account.select().count() == 3  # the officer, Els and Pieter: nobody new


def test_the_domain_checks_the_password_against_the_username_a_person_keeps(bucom, officer):
    """Not only the form: no caller can give a kept account a password made of its username."""
    person = make_account(bucom, username="kraken.lighthouse", first_name="Pieter", last_name="De Smet")
    filed = make_access_request(kbo_number=bucom.kbo_number, enterprise_name="BUCOM NL",
                                replaces_local_admin=True, admin_national_number=person.national_number)
    onboarding.record_original_received(act(officer), filed)
    credential = onboarding.issue_credentials(act(officer), filed).credential
    with pytest.raises(Refused) as refusal:
        complete_local_admin(Actor.visitor(), credential, password="kraken.lighthouse2026",
                             first_name="Pieter", last_name="De Smet", email="pieter@bucom.example",
                             language="nl")
    assert refusal.value.field == "password"
    assert Account.get_by_id(person.id).role == Role.USER


def test_a_first_admin_request_cannot_replace_an_admin_appointed_meanwhile(client, auth, issued):
    filed, credential, _ = issued
    make_account(filed.enterprise, role=Role.LOCAL_ADMIN, username="quick.admin")
    provisional_login(auth, issued)
    response = complete(client)
    assert response.status_code == 409
    assert "De onderneming heeft een lokale beheerder" in text(response)
    assert Account.by_username("quick.admin").role == Role.LOCAL_ADMIN
    assert ProvisionalCredential.get_by_id(credential.id).used_at is None


# -- the domain rules on their own ------------------------------------------------------------


def test_tickets_are_readable_and_normalised():
    tickets = {new_ticket() for _ in range(200)}
    assert len(tickets) == 200
    assert all(TICKET.fullmatch(t) for t in tickets)
    assert normalize_ticket(" stts 7k2m 9qxd ") == "STTS-7K2M-9QXD"
    assert normalize_ticket("7K2M9QXD") == "STTS-7K2M-9QXD"
    assert normalize_ticket("STTS-7K2M-9QX0") is None  # 0 is not in the alphabet
    assert normalize_ticket("STTS-7K2M") is None
    assert normalize_ticket(None) is None


def test_working_days_skip_weekends_and_belgian_public_holidays():
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday 2027, from the holidays package
    assert not is_working_day(date(2026, 5, 14))  # Ascension Day
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not is_working_day(date(2026, 7, 21))  # national day
    assert not is_working_day(date(2026, 11, 28))  # a Saturday
    assert is_working_day(date(2026, 11, 27))
    assert working_days_between(date(2026, 11, 27), date(2026, 11, 30)) == 1  # Friday to Monday
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 5  # not 25/12 nor 1/1
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 30)) == 0


def test_provisional_usernames_are_reserved():
    username = new_provisional_username()
    assert re.fullmatch(r"tmp-[a-z2-9]{4}-[a-z2-9]{4}", username)
    assert is_provisional_username(username) and is_provisional_username("TMP-abcd")
    with pytest.raises(Refused):
        check_username_format(username)
    assert check_username_format("TmpUser ") == "tmpuser" and not is_provisional_username("tmpuser")


def test_phone_numbers_are_kept_in_international_form():
    assert phone_number("02 511 11 11") == "+32 2 511 11 11"
    assert phone_number("+33 1 42 68 53 00") == "+33 1 42 68 53 00"
    with pytest.raises(Refused):
        phone_number("12345")


def test_filing_refuses_what_the_form_refuses(app):
    with pytest.raises(Refused, match=re.escape(str(onboarding.SIGNER_NOT_AUTHORISED))):
        make_access_request(signer_capacity="employee")
    with pytest.raises(Refused, match=re.escape(str(onboarding.NO_ENTERPRISE_NUMBER))):
        make_access_request(kbo_number=None, rsz_number=None)
    assert AccessRequest.select().count() == 0


def test_filing_the_same_form_twice_files_it_once(app):
    fields, visitor = access_request_fields(), Actor.visitor("127.0.0.1")
    first, created = onboarding.file_access_request(visitor, fields, "token-1", "nl")
    again, created_again = onboarding.file_access_request(visitor, fields, "token-1", "nl")
    assert (created, created_again, again.id) == (True, False, first.id)
    assert AccessRequest.select().count() == 1


def test_a_replacement_flag_without_a_local_admin_is_dropped(app):
    assert not make_access_request(replaces_local_admin=True).replaces_local_admin


def test_a_request_for_an_enterprise_with_a_local_admin_must_ask_to_replace_them(bucom):
    with pytest.raises(Refused, match="does not ask to replace"):
        make_access_request(kbo_number=bucom.kbo_number)
    assert AccessRequest.select().count() == 0



@pytest.mark.parametrize(("changes", "field"), [
    ({"username": "tmp-Not Valid!"}, "username"),
    ({"password": "x"}, "password"),
    ({"email": "not-an-email"}, "email"),
])
def test_the_domain_itself_refuses_a_bad_local_admin(issued, changes, field):
    """The XML channel and every other caller meet the same rules as the form."""
    _, credential, _ = issued
    data = {"username": "sofie.peeters", "password": NEW_PASSWORD, "first_name": "Sofie",
            "last_name": "Peeters", "email": "sofie@nova.example", "language": "nl", **changes}
    with pytest.raises(Refused) as refusal:
        complete_local_admin(Actor.visitor(), credential, **data)
    assert refusal.value.field == field
    assert ProvisionalCredential.get_by_id(credential.id).used_at is None
    assert not Account.select().where(Account.role == Role.LOCAL_ADMIN).exists()


# -- the postal address (issue 14: the credentials letter goes there) ---------------------------


@pytest.mark.parametrize(
    ("missing", "message"),
    [("street", "Geef de straat en het nummer in."), ("postcode", "Geef de postcode in."),
     ("city", "Geef de gemeente in.")],
)
def test_the_enterprise_step_asks_the_postal_address(form, missing, message):
    response = form.post("enterprise", **{**ENTERPRISE, missing: "   "})
    assert response.status_code == 422
    assert message in text(response)
    assert heading(response) == "Stap 1 van 4: Uw onderneming"
    assert 'value="NOVA TELECOM BV"' in response.text


def test_a_postcode_has_four_digits(form):
    response = form.post("enterprise", **{**ENTERPRISE, "postcode": "900"})
    assert response.status_code == 422
    assert "Een Belgische postcode heeft 4 cijfers (bv. 2000)." in text(response)


def test_the_request_keeps_the_postal_address_and_shows_it(client, form):
    overview = form.fill()
    assert "Postadres van de onderneming" in text(overview)
    assert "Kortrijksesteenweg 1020" in text(overview)
    location = form.register().headers["Location"]
    filed = AccessRequest.get()
    assert (filed.street, filed.postcode, filed.city) == ("Kortrijksesteenweg 1020", "9051", "Gent")
    assert "9051 Gent" in text(client.get(location))


def test_the_domain_files_no_request_without_a_postal_address(app):
    with pytest.raises(Refused) as refused:
        onboarding.file_access_request(Actor.visitor("127.0.0.1"), access_request_fields(city=""), "token-1",
                                       "nl")
    assert refused.value.field == "city"
    assert AccessRequest.select().count() == 0
