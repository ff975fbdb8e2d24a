"""'Uitwisseling via gestructureerde berichten': 'Registratie van de nodige informatie'."""

import pytest

from db.accounts import Account, Role
from db.applications import Application
from db.audit import AuditEvent
from db.exchange import Authentication, ExchangeRegistration
from db.routing import Destination
from domain import certificates, exchange, routing
from domain.certificates import read_certificate
from tests.certificates import make_certificate, pem
from tests.factories import admin_of, make_account, make_enterprise
from tests.helpers import form_values, text


@pytest.fixture
def enterprise(app):
    return make_enterprise(name="BUCOM NL")


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                        last_name="Janssens")


@pytest.fixture
def sender(enterprise):
    return make_account(enterprise, username="xml.sender", first_name="Xavier", last_name="Sender")


@pytest.fixture
def signed_in(client, auth, admin):
    auth.login("els.janssens")
    return client


def post(client, sender_id, authentication=Authentication.PASSWORD, applications=("stts",), version=None,
         **headers):
    if version is None:
        registration = ExchangeRegistration.get_or_none()
        version = registration.version if registration else 0
    return client.post("/exchange/", headers=headers, data={
        "technical_sender": sender_id, "authentication": authentication,
        "applications": list(applications), "version": version})


def application(code):
    return Application.get(Application.code == code)


def registration_of(enterprise):
    return ExchangeRegistration.registration_of(enterprise)


def test_without_a_user_the_page_says_one_must_be_created_first(signed_in):
    page = text(signed_in.get("/exchange/"))
    assert "<h1>Uitwisseling via gestructureerde berichten</h1>" in page
    assert "Er moet eerst een gebruiker bestaan." in page
    assert '<a href="/users/new">Nieuwe gebruiker toevoegen</a>' in page
    assert "<form method=\"post\" action=\"/exchange/\"" not in page


def test_the_local_admin_and_blocked_users_are_not_offered_as_sender(signed_in, enterprise, sender):
    make_account(enterprise, username="blocked.user", blocked=True)
    page = text(signed_in.get("/exchange/"))
    assert "Xavier Sender (xml.sender)" in page
    assert "blocked.user" not in page and "(els.janssens)" not in page


def test_registering_the_information(signed_in, enterprise, admin, sender):
    response = post(signed_in, sender.id, applications=["stts", "ebox"])
    assert response.status_code == 303
    page = text(signed_in.get(response.headers["Location"]))
    assert "De informatie voor de uitwisseling via gestructureerde berichten werd opgeslagen." in page
    assert f'<option selected value="{sender.id}">' in page
    assert 'checked id="applications-0" name="applications" type="checkbox" value="stts"' in page
    registration = registration_of(enterprise)
    assert (registration.technical_sender_id, registration.authentication) == (sender.id, "password")
    assert [a.code for a in registration.applications()] == ["stts", "ebox"]
    event = AuditEvent.of_enterprise(enterprise).get()
    assert (event.action, event.actor_id) == ("exchange.registered", admin.id)
    assert event.change_dict["technical_sender"] == [None, "xml.sender"]


def test_changing_the_registration(signed_in, enterprise, sender):
    post(signed_in, sender.id, applications=["stts", "ebox"])
    other = make_account(enterprise, username="other.sender")
    assert post(signed_in, other.id, applications=["stts"]).status_code == 303
    registration = registration_of(enterprise)
    assert (registration.technical_sender_id, registration.version) == (other.id, 2)
    assert [a.code for a in registration.applications()] == ["stts"]
    event = AuditEvent.of_enterprise(enterprise).first()
    assert event.action == "exchange.changed"
    assert event.change_dict == {"technical_sender": ["xml.sender", "other.sender"],
                                 "applications": [["stts", "ebox"], ["stts"]]}


def test_a_sender_of_another_enterprise_is_refused(signed_in, enterprise, sender):
    stranger = make_account(make_enterprise(), username="stranger")
    response = post(signed_in, stranger.id)
    assert response.status_code == 422
    assert "Kies een gebruiker van uw onderneming als technische afzender." in text(response)
    assert registration_of(enterprise) is None


def test_the_refusal_speaks_french_to_a_french_speaker(signed_in, admin, sender):
    Account.update(language="fr").where(Account.id == admin.id).execute()
    page = text(post(signed_in, make_account(make_enterprise()).id))
    assert "Choisissez un utilisateur de votre entreprise comme expéditeur technique." in page


@pytest.mark.parametrize("who", ["admin", "blocked", "nonsense", "empty"])
def test_only_an_unblocked_user_of_the_enterprise_can_be_sender(signed_in, enterprise, admin, sender, who):
    candidates = {"admin": lambda: admin.id, "nonsense": lambda: "abc", "empty": lambda: "",
                  "blocked": lambda: make_account(enterprise, username="blocked", blocked=True).id}
    response = post(signed_in, candidates[who]())
    assert response.status_code == 422
    assert 'id="technical_sender-error"' in text(response)
    assert registration_of(enterprise) is None


def test_the_certificate_authentication_needs_a_valid_certificate(signed_in, enterprise, sender):
    response = post(signed_in, sender.id, authentication=Authentication.CERTIFICATE)
    assert response.status_code == 422
    assert "Uw onderneming heeft geen geldig certificaat." in text(response)
    certificates.register(admin_of(enterprise), read_certificate(pem(make_certificate())), proven=True)
    assert post(signed_in, sender.id, authentication=Authentication.CERTIFICATE).status_code == 303
    assert registration_of(enterprise).authentication == Authentication.CERTIFICATE
    assert "Geregistreerd certificaat: CN=BUCOM NL XML" in text(signed_in.get("/exchange/"))


def test_a_revoked_certificate_is_pointed_out(signed_in, enterprise, sender):
    certificate, _ = certificates.register(admin_of(enterprise), read_certificate(pem(make_certificate())),
                                           proven=True)
    post(signed_in, sender.id, authentication=Authentication.CERTIFICATE)
    certificates.revoke(admin_of(certificate.enterprise), certificate)
    page = text(signed_in.get("/exchange/"))
    assert "maar er is geen geldig certificaat geregistreerd" in page


def test_an_unknown_application_is_refused(signed_in, enterprise, sender):
    response = post(signed_in, sender.id, applications=["stts", "no-such-thing"])
    assert response.status_code == 422
    assert "Kies toepassingen uit de lijst." in text(response)


def test_an_application_routed_to_the_channel_cannot_be_dropped(signed_in, enterprise, sender):
    post(signed_in, sender.id, applications=["stts", "ebox"])
    routing.change_route(admin_of(enterprise), application("ebox"),
                         destination=Destination.STRUCTURED_MESSAGES, email=None, version=0)
    response = post(signed_in, sender.id, applications=["stts"])
    assert response.status_code == 422
    assert "Wijzig eerst de Routing Module." in text(response)
    assert [a.code for a in registration_of(enterprise).applications()] == ["stts", "ebox"]


def test_when_the_sender_is_deleted_the_page_says_there_is_none(signed_in, enterprise, sender):
    post(signed_in, sender.id)
    Account.delete_by_id(sender.id)
    registration = registration_of(enterprise)
    assert registration.technical_sender_id is None
    page = text(signed_in.get("/exchange/"))
    assert "Er is geen technische afzender: Xavier Sender werd verwijderd." in page
    assert '<a href="/users/new">Nieuwe gebruiker toevoegen</a>' in page


def test_a_blocked_sender_is_pointed_out(signed_in, enterprise, sender):
    post(signed_in, sender.id)
    Account.update(blocked=True).where(Account.id == sender.id).execute()
    assert "De technische afzender Xavier Sender is geblokkeerd" in text(signed_in.get("/exchange/"))


def test_a_stale_form_does_not_overwrite_a_newer_change(signed_in, enterprise, sender):
    post(signed_in, sender.id, applications=["stts"])
    response = post(signed_in, sender.id, applications=["ebox"], version=0)
    assert response.status_code == 409
    assert "Deze gegevens werden intussen gewijzigd" in text(response)
    assert "U typte: e-Box" in text(response)
    assert [a.code for a in registration_of(enterprise).applications()] == ["stts"]
    assert signed_in.post("/exchange/", data=form_values(response, "/exchange/")).status_code == 303
    assert [a.code for a in registration_of(enterprise).applications()] == ["stts"]


def test_posting_the_same_form_twice_changes_once(signed_in, enterprise, sender):
    post(signed_in, sender.id)
    response = post(signed_in, sender.id, version=0)
    assert response.status_code == 303
    assert AuditEvent.of_enterprise(enterprise).count() == 1


def test_htmx_gets_the_form_back(signed_in, sender):
    response = post(signed_in, sender.id, **{"HX-Request": "true"})
    section = text(signed_in.get(response.headers["Location"], headers={"HX-Request": "true"}))
    assert section.startswith('<section id="exchange"') and "<html" not in section
    assert '<hx-partial hx-target="#messages"' in section and "werd opgeslagen" in section
    refused = text(post(signed_in, "", **{"HX-Request": "true"}))
    assert refused.startswith('<section id="exchange"') and "autofocus" in refused


def test_the_channel_covers_only_its_own_enterprise(enterprise, sender):
    exchange.register(admin_of(enterprise), sender_id=sender.id, authentication=Authentication.PASSWORD,
                      application_codes=["ebox"], version=0)
    assert exchange.channel_covers(enterprise, application("ebox"))
    assert not exchange.channel_covers(make_enterprise(), application("ebox"))


def test_plain_users_may_not_register(client, auth, enterprise, sender):
    auth.login("xml.sender")
    assert client.get("/exchange/").status_code == 403
    assert post(client, sender.id).status_code == 403
