"""The back office: the queue of access requests, each request's history, recording the signed
original, rejecting, and issuing provisional credentials on a printable letter."""

import re
from datetime import timedelta

import pytest

from commands.demo.access_requests import DEMO_PROVISIONAL_PASSWORD, DEMO_PROVISIONAL_USERNAME
from db import schema
from db.access_requests import AccessRequest, ProvisionalCredential, RejectionReason, RequestStatus
from db.accounts import Account, Role
from db.audit import AuditEvent
from db.base import database
from db.clock import utcnow
from db.enterprises import Enterprise
from db.schema import SchemaMigration
from domain import onboarding
from domain.passwords import verify_password
from tests.factories import act, make_access_request, make_account, make_enterprise
from tests.helpers import form_values, text

CREDENTIALS = re.compile(r"<code>([^<]+)</code>")


@pytest.fixture
def officer(app):
    return make_account(role=Role.OFFICER, username="rsz.officer", first_name="Luc", last_name="Maes")


@pytest.fixture
def signed_in(auth, officer):
    auth.login("rsz.officer", portal="backoffice")
    return officer


def speaks(account, language):
    Account.update(language=language).where(Account.id == account.id).execute()


def filed_days_ago(days, **fields):
    access_request = make_access_request(**fields)
    AccessRequest.update(submitted_at=utcnow() - timedelta(days=days)).where(
        AccessRequest.id == access_request.id).execute()
    return AccessRequest.get_by_id(access_request.id)


def received(officer, **fields):
    access_request = make_access_request(**fields)
    onboarding.record_original_received(act(officer), access_request)
    return access_request


# -- who may use the back office --------------------------------------------------------------

ROUTES = [("get", "/backoffice/"), ("get", "/backoffice/requests/1"),
          ("post", "/backoffice/requests/1/received"), ("post", "/backoffice/requests/1/reject"),
          ("post", "/backoffice/requests/1/credentials"), ("get", "/backoffice/requests/1/letter")]


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_visitors_are_sent_to_the_login_page(client, method, url):
    assert getattr(client, method)(url).status_code == 302


@pytest.mark.parametrize(("method", "url"), ROUTES)
@pytest.mark.parametrize("role", [Role.LOCAL_ADMIN, Role.USER])
def test_enterprise_accounts_may_not_use_it(client, auth, method, url, role):
    make_access_request()
    make_account(make_enterprise(), role=role, username="someone")
    auth.login("someone")
    assert getattr(client, method)(url).status_code == 403


# -- the queue --------------------------------------------------------------------------------


def test_the_queue_lists_what_waits_for_the_back_office_oldest_first(client, signed_in):
    newest = make_access_request(enterprise_name="NEWEST")
    oldest = filed_days_ago(3, enterprise_name="OLDEST")
    done = filed_days_ago(4, enterprise_name="REJECTED ONE")
    onboarding.reject(act(signed_in), done, RejectionReason.NOT_ORIGINAL)
    page = client.get("/backoffice/").text
    assert page.index(oldest.ticket) < page.index(newest.ticket)
    assert "REJECTED ONE" not in page
    assert "Wacht op het ondertekende origineel" in page
    everything = client.get("/backoffice/?status=all").text
    assert "REJECTED ONE" in everything
    only_rejected = client.get("/backoffice/?status=rejected").text
    assert "REJECTED ONE" in only_rejected and "NEWEST" not in only_rejected


def test_requests_older_than_five_working_days_are_highlighted(client, signed_in):
    make_access_request(enterprise_name="FRESH")
    old = filed_days_ago(14, enterprise_name="STALE")
    page = text(client.get("/backoffice/"))
    row = re.search(rf"<tr class=\"overdue\">.*?{old.ticket}.*?</tr>", page, re.S)
    assert row and "meer dan 5 werkdagen" in row.group(0)
    assert page.count("meer dan 5 werkdagen") == 1
    assert onboarding.age_in_working_days(old) >= 8


@pytest.mark.parametrize("typed", ["{ticket}", "{lower}", "{spaced}"])
def test_search_by_ticket_number_finds_the_request_whatever_its_status(client, signed_in, typed):
    access_request = make_access_request(enterprise_name="FOUND ME")
    onboarding.reject(act(signed_in), access_request, RejectionReason.NOT_ORIGINAL)
    make_access_request(enterprise_name="NOT ME")
    ticket = access_request.ticket
    query = typed.format(ticket=ticket, lower=ticket.lower(), spaced=ticket.replace("-", " "))
    page = client.get("/backoffice/", query_string={"q": query}).text
    assert "FOUND ME" in page and "NOT ME" not in page


def test_search_by_enterprise_or_rsz_number(client, signed_in):
    by_kbo = make_access_request(enterprise_name="BY KBO")
    make_access_request(enterprise_name="BY RSZ", kbo_number=None, rsz_number="000935467")
    kbo_page = client.get("/backoffice/", query_string={"q": by_kbo.kbo_number}).text
    assert "BY KBO" in kbo_page and "BY RSZ" not in kbo_page
    rsz_page = client.get("/backoffice/", query_string={"q": "0009354-67"}).text
    assert "BY RSZ" in rsz_page and "BY KBO" not in rsz_page


def test_a_ticket_number_that_does_not_exist_is_a_404_that_keeps_the_search(client, signed_in):
    response = client.get("/backoffice/", query_string={"q": "stts-aaaa-bbbb"})
    assert response.status_code == 404
    assert "Er is geen toegangsaanvraag met ticketnummer STTS-AAAA-BBBB." in text(response)
    assert 'value="stts-aaaa-bbbb"' in response.text


def test_a_search_that_is_no_number_is_a_422(client, signed_in):
    speaks(signed_in, "fr")
    response = client.get("/backoffice/", query_string={"q": "hello"})
    assert response.status_code == 422
    assert "Introduisez un numéro de ticket" in text(response)


def test_the_queue_is_paged(client, signed_in):
    for _ in range(26):
        make_access_request()
    first = client.get("/backoffice/").text
    assert first.count('href="/backoffice/requests/') == 25
    assert 'rel="next"' in first
    assert client.get("/backoffice/?page=2").text.count('href="/backoffice/requests/') == 1


def test_the_queue_answers_htmx_with_its_widget(client, signed_in):
    make_access_request(enterprise_name="NOVA")
    response = client.get("/backoffice/?status=all", headers={"HX-Request": "true"})
    assert "<html" not in response.text and 'id="queue"' in response.text and "NOVA" in response.text
    assert "HX-Request" in response.headers["Vary"]


# -- one request ------------------------------------------------------------------------------


def test_a_request_shows_its_data_and_history(client, signed_in):
    access_request = make_access_request(enterprise_name="NOVA TELECOM BV")
    page = text(client.get(f"/backoffice/requests/{access_request.id}"))
    assert f"Toegangsaanvraag {access_request.ticket}" in page
    assert "NOVA TELECOM BV" in page and "Sofie" in page
    assert "Historiek" in page and "Aanvraag ingediend" in page
    assert "Origineel ondertekend formulier ontvangen" in page
    assert "De aanvraag weigeren" in page


def test_an_unknown_request_is_a_404(client, signed_in):
    assert client.get("/backoffice/requests/999").status_code == 404


def test_recording_the_original(client, signed_in):
    access_request = make_access_request()
    response = client.post(f"/backoffice/requests/{access_request.id}/received")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/backoffice/requests/{access_request.id}"
    stored = AccessRequest.get_by_id(access_request.id)
    assert (stored.status, stored.decided_by_id) == (RequestStatus.ORIGINAL_RECEIVED, signed_in.id)
    event = AuditEvent.about("access_request", access_request.id).first()
    assert (event.action, event.actor_id) == ("access_request.original_received", signed_in.id)
    page = text(client.get(response.headers["Location"]))
    assert "Het ondertekende origineel is als ontvangen geregistreerd." in page
    assert "Ondertekend origineel ontvangen" in page and "Luc Maes (rsz.officer)" in page


def test_recording_the_original_twice_is_refused(client, signed_in):
    access_request = received(signed_in)
    response = client.post(f"/backoffice/requests/{access_request.id}/received")
    assert response.status_code == 409
    assert "Deze aanvraag staat niet in een toestand die deze handeling toelaat." in text(response)
    assert AuditEvent.about("access_request", access_request.id).where(
        AuditEvent.action == "access_request.original_received").count() == 1


def test_rejecting_keeps_the_reason_and_the_note(client, signed_in):
    access_request = received(signed_in)
    response = client.post(f"/backoffice/requests/{access_request.id}/reject", data={
        "reason": RejectionReason.MISSING_PUBLICATION, "note": "  Geen Staatsblad bijgevoegd. "})
    assert response.status_code == 303
    stored = AccessRequest.get_by_id(access_request.id)
    assert (stored.status, stored.rejection_reason, stored.rejection_note) == (
        RequestStatus.REJECTED, RejectionReason.MISSING_PUBLICATION, "Geen Staatsblad bijgevoegd.")
    event = AuditEvent.about("access_request", access_request.id).first()
    assert event.change_dict["reason"] == RejectionReason.MISSING_PUBLICATION
    page = text(client.get(f"/backoffice/requests/{access_request.id}"))
    assert "De publicatie in het Belgisch Staatsblad ontbreekt" in page
    assert "Geen Staatsblad bijgevoegd." in page
    assert "De aanvraag weigeren" not in page


def test_rejecting_needs_a_reason(client, signed_in):
    access_request = make_access_request()
    response = client.post(f"/backoffice/requests/{access_request.id}/reject", data={"note": "kept"})
    assert response.status_code == 422
    assert "Kies de reden van de weigering." in text(response)
    assert "kept</textarea>" in response.text
    assert AccessRequest.get_by_id(access_request.id).status == RequestStatus.SUBMITTED


def test_a_completed_request_cannot_be_rejected(client, signed_in):
    access_request = make_access_request()
    AccessRequest.update(status=RequestStatus.COMPLETED).where(
        AccessRequest.id == access_request.id).execute()
    speaks(signed_in, "de")
    response = client.post(f"/backoffice/requests/{access_request.id}/reject",
                           data={"reason": RejectionReason.NOT_ORIGINAL})
    assert response.status_code == 409
    assert "Der Stand dieses Antrags erlaubt diese Handlung nicht." in text(response)


# -- provisional credentials ------------------------------------------------------------------

FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def issue(client, access_request, token_from=None, **data):
    """Press "issue (new) provisional credentials" on the request's page (its one-time form token)."""
    page = client.get(f"/backoffice/requests/{(token_from or access_request).id}").text
    data["form_token"] = FORM_TOKEN.search(page).group(1)
    return client.post(f"/backoffice/requests/{access_request.id}/credentials", data=data)


def test_credentials_wait_for_the_signed_original(client, signed_in):
    access_request = make_access_request()
    response = issue(client, access_request, token_from=received(signed_in))
    assert response.status_code == 409
    assert ProvisionalCredential.select().count() == 0


def test_issuing_creates_the_enterprise_and_shows_the_credentials_once(client, signed_in):
    access_request = received(signed_in, enterprise_name="NOVA TELECOM BV")
    response = issue(client, access_request)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/backoffice/requests/{access_request.id}/letter"

    enterprise = Enterprise.get(Enterprise.kbo_number == access_request.kbo_number)
    assert enterprise.name == "NOVA TELECOM BV"
    stored = AccessRequest.get_by_id(access_request.id)
    assert (stored.status, stored.enterprise_id) == (RequestStatus.CREDENTIALS_ISSUED, enterprise.id)
    credential = ProvisionalCredential.get()
    assert re.fullmatch(r"tmp-[a-z2-9]{4}-[a-z2-9]{4}", credential.username)
    assert timedelta(days=29, hours=23) < credential.expires_at - credential.issued_at <= timedelta(days=30)

    letter = client.get(response.headers["Location"])
    assert letter.status_code == 200
    username, password = CREDENTIALS.findall(letter.text)
    assert username == credential.username
    assert verify_password(credential.password_hash, password)
    assert "Maak een lokale beheerder" in letter.text and "data-print" in letter.text

    again = client.get(response.headers["Location"])
    assert again.status_code == 410
    assert password not in again.text
    assert "kan niet opnieuw getoond worden" in text(again)

    issued = AuditEvent.about("access_request", access_request.id).first()
    assert issued.action == "access_request.credentials_issued"
    assert password not in issued.changes
    assert AuditEvent.select().where(AuditEvent.action == "enterprise.created",
                                     AuditEvent.enterprise == enterprise).exists()


def test_the_letter_speaks_the_language_of_the_request(client, signed_in):
    access_request = received(signed_in, language="fr")
    location = issue(client, access_request).headers["Location"]
    letter = text(client.get(location))
    assert "Votre nom d'utilisateur et mot de passe provisoires" in letter
    # the page around it stays in the officer's language
    assert "Het wachtwoord wordt alleen nu getoond." in letter


def test_the_letter_goes_to_the_postal_address_of_the_request(client, signed_in):
    access_request = received(signed_in, street="Rue de Fer 25", postcode="5000", city="Namur")
    location = issue(client, access_request).headers["Location"]
    page = client.get(location).text
    addressee = re.search(r'<address class="addressee">(.*?)</address>', page, re.S).group(1)
    assert addressee.split("<br>") == ["Sofie Peeters", "NOVA TELECOM BV", "Rue de Fer 25", "5000 Namur"]


def test_new_credentials_end_the_old_ones(client, auth, signed_in):
    access_request = received(signed_in)
    first = onboarding.issue_credentials(act(signed_in), access_request)
    response = issue(client, access_request, replaces=first.credential.id)
    assert response.status_code == 303
    second = AccessRequest.get_by_id(access_request.id).latest_credential()
    assert second.id != first.credential.id
    assert ProvisionalCredential.get_by_id(first.credential.id).is_expired(utcnow())
    _, password = CREDENTIALS.findall(client.get(response.headers["Location"]).text)
    auth.logout()
    assert auth.login(first.credential.username, first.password).status_code == 403
    assert auth.login(second.username, password).headers["Location"] == "/onboarding/first-login"


def test_an_existing_enterprise_is_not_created_again(signed_in):
    enterprise = make_enterprise(name="BUCOM NL")
    access_request = received(signed_in, kbo_number=enterprise.kbo_number)
    onboarding.issue_credentials(act(signed_in), access_request)
    assert Enterprise.select().count() == 1
    assert AccessRequest.get_by_id(access_request.id).enterprise_id == enterprise.id


def test_a_request_that_does_not_replace_the_current_admin_gets_no_credentials(client, signed_in):
    enterprise = make_enterprise(name="BUCOM NL")
    access_request = received(signed_in, kbo_number=enterprise.kbo_number)
    # the local admin was appointed after the request was filed
    make_account(enterprise, role=Role.LOCAL_ADMIN)
    response = issue(client, access_request)
    assert response.status_code == 409
    assert "De onderneming heeft een lokale beheerder" in text(response)
    assert ProvisionalCredential.select().count() == 0
    assert AccessRequest.get_by_id(access_request.id).status == RequestStatus.ORIGINAL_RECEIVED


def test_the_letter_of_one_request_does_not_use_up_another(client, signed_in):
    first = received(signed_in)
    other = received(signed_in)
    onboarding.issue_credentials(act(signed_in), other)
    location = issue(client, first).headers["Location"]
    assert client.get(f"/backoffice/requests/{other.id}/letter").status_code == 410
    assert client.get(location).status_code == 200


def test_the_detail_of_issued_credentials_offers_new_ones(client, signed_in):
    access_request = received(signed_in)
    issued = onboarding.issue_credentials(act(signed_in), access_request)
    page = text(client.get(f"/backoffice/requests/{access_request.id}"))
    assert issued.credential.username in page
    assert "Nieuwe voorlopige gebruikersnaam en wachtwoord aanmaken" in page
    assert issued.password not in page


# -- the demo data and the schema -------------------------------------------------------------


def test_the_demo_queue_has_an_overdue_request_and_usable_credentials(client, auth, demo):
    auth.login("rsz.officer", "Demo-Officer-2026", portal="backoffice")
    page = text(client.get("/backoffice/"))
    assert "meer dan 5 werkdagen" in page
    assert "NOVA TELECOM BV" in page and "VOXLINE SRL" in page
    for access_request in AccessRequest.select():
        assert AuditEvent.about("access_request", access_request.id).exists()
    auth.logout()
    response = auth.login(DEMO_PROVISIONAL_USERNAME, DEMO_PROVISIONAL_PASSWORD)
    assert response.headers["Location"] == "/onboarding/first-login"
    assert "KALMO TELECOM" in client.get("/onboarding/first-login").text


def test_migration_0002_adds_the_queue_index(app):
    index = "access_request_status_submitted_at_id"
    database.execute_sql(f'DROP INDEX "{index}"')
    SchemaMigration.delete().where(SchemaMigration.name == "0002_access_request_queue").execute()
    assert schema.migrate(database) == (False, ["0002_access_request_queue"])
    assert index in [i.name for i in database.get_indexes("access_request")]



# -- the confirmation before rejecting -------------------------------------------------------


def test_rejecting_starts_with_a_confirmation_page_that_changes_nothing(client, signed_in):
    access_request = received(signed_in)
    detail = text(client.get(f"/backoffice/requests/{access_request.id}"))
    assert f'<form method="get" action="/backoffice/requests/{access_request.id}/reject"' in detail
    assert f'<form method="post" action="/backoffice/requests/{access_request.id}/reject"' not in detail
    response = client.get(f"/backoffice/requests/{access_request.id}/reject",
                          query_string={"reason": RejectionReason.MISSING_PUBLICATION,
                                        "note": " Geen Staatsblad. "})
    assert response.status_code == 200
    page = text(response)
    assert f"De aanvraag {access_request.ticket} weigeren?" in page
    assert "De publicatie in het Belgisch Staatsblad ontbreekt" in page and "Geen Staatsblad." in page
    assert "dit kan niet ongedaan gemaakt worden" in page
    assert f'<form method="post" action="/backoffice/requests/{access_request.id}/reject"' in page
    assert '<input type="hidden" name="reason" value="missing_publication">' in page
    assert '<button class="primary" aria-describedby="what-happens">De aanvraag weigeren</button>' in page
    assert f'<a class="button" href="/backoffice/requests/{access_request.id}">Terug</a>' in page
    assert AccessRequest.get_by_id(access_request.id).status == access_request.status
    # the button on it rejects
    confirmed = client.post(f"/backoffice/requests/{access_request.id}/reject",
                            data=form_values(response, f"/backoffice/requests/{access_request.id}/reject"))
    assert confirmed.status_code == 303
    stored = AccessRequest.get_by_id(access_request.id)
    assert (stored.status, stored.rejection_note) == (RequestStatus.REJECTED, "Geen Staatsblad.")


def test_the_confirmation_needs_a_reason_first(client, signed_in):
    access_request = make_access_request()
    response = client.get(f"/backoffice/requests/{access_request.id}/reject", query_string={"note": "kept"})
    assert response.status_code == 422
    assert "Kies de reden van de weigering." in text(response) and "kept</textarea>" in response.text


def test_no_confirmation_for_a_request_that_cannot_be_rejected(client, signed_in):
    access_request = make_access_request()
    AccessRequest.update(status=RequestStatus.COMPLETED).where(
        AccessRequest.id == access_request.id).execute()
    response = client.get(f"/backoffice/requests/{access_request.id}/reject",
                          query_string={"reason": RejectionReason.NOT_ORIGINAL})
    assert response.status_code == 409
