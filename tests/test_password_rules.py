"""Passwords and requests: a new password differs from the current one and from the person's and
the enterprise's names; a second pending access request for one enterprise is refused."""

import pytest

from db.access_requests import AccessRequest, RejectionReason
from db.accounts import Account, Role
from domain import onboarding
from domain.accounts import change_password
from domain.passwords import NAME_IN_PASSWORD, check_password, verify_password
from domain.refusals import Refused
from tests.factories import PASSWORD, act, make_access_request, make_account, make_enterprise
from tests.helpers import text


@pytest.fixture
def admin(app):
    return make_account(make_enterprise(name="BUCOM NL"), role=Role.LOCAL_ADMIN, username="els.janssens",
                        first_name="Els", last_name="Janssens")


def change(client, new, current=PASSWORD, headers=None):
    return client.post("/account/password", data={"current_password": current, "new_password": new,
                                                  "repeat_password": new}, headers=headers or {})


def test_the_new_password_must_differ_from_the_current_one(client, auth, admin):
    auth.login("els.janssens")
    response = change(client, PASSWORD)
    assert response.status_code == 422
    assert "Het nieuwe wachtwoord moet verschillen van uw huidige wachtwoord." in text(response)
    assert 'id="new_password-error"' in response.text


@pytest.mark.parametrize("password", ["Bucom-NL-Wachtwoord-1", "bucomnl#2026#Zomer", "Mijn-BUCOM-Sleutel-42"])
def test_the_new_password_may_not_hold_the_enterprises_name(client, auth, admin, password):
    auth.login("els.janssens")
    response = change(client, password)
    assert response.status_code == 422
    assert "mag uw naam, uw gebruikersnaam of de naam van uw onderneming niet bevatten" in text(response)
    assert verify_password(Account.get_by_id(admin.id).password_hash, PASSWORD)


def test_the_name_message_is_in_the_persons_language(client, auth, admin):
    Account.update(language="de").where(Account.id == admin.id).execute()
    auth.login("els.janssens")
    response = change(client, "Janssens-Geheim-Wort-9")
    assert response.status_code == 422
    assert "Ihren Namen" in text(response)


def test_the_domain_refuses_the_same_password_and_names_too(admin):
    with pytest.raises(Refused) as refusal:
        change_password(act(admin), PASSWORD)
    assert refusal.value.field == "new_password"
    with pytest.raises(Refused) as refusal:
        change_password(act(admin), "Bucom-Sterk-Wachtwoord-88")
    assert refusal.value.message == NAME_IN_PASSWORD


def test_names_are_found_whatever_the_case_accents_and_punctuation():
    for password in ("ÉLODIE-is-de-baas-77", "e.l.o.d.i.e-zomer-2026x"):
        with pytest.raises(Refused):
            check_password(password, ["elodie.lefevre", "Élodie", "Lefèvre"])
    # short names are not looked for inside other words
    assert check_password("Kabels-Onder-De-Brug-77", ["els.x", "Els", "X"])


def test_a_strong_password_with_no_name_in_it_is_taken(client, auth, admin):
    auth.login("els.janssens")
    assert change(client, "Zeven-Blauwe-Olifanten-2026").status_code == 303


# -- one pending access request per enterprise -------------------------------------------------


def test_a_second_pending_request_for_the_same_rsz_number_is_refused_with_the_first_ticket(app):
    first = make_access_request(kbo_number=None, rsz_number="000935467")
    with pytest.raises(Refused) as refusal:
        make_access_request(kbo_number=None, rsz_number="000935467")
    assert first.ticket in str(refusal.value.message) and refusal.value.field == "rsz_number"
    assert AccessRequest.select().count() == 1


def test_a_second_pending_request_for_the_same_kbo_number_is_refused(app):
    first = make_access_request(kbo_number="0721435619")
    with pytest.raises(Refused, match=first.ticket):
        make_access_request(kbo_number="0721435619")


def test_the_public_form_says_so_at_the_first_step(client, app):
    from tests.test_onboarding import ENTERPRISE, RequestForm, heading

    first = make_access_request(kbo_number="0721435619")
    response = RequestForm(client).post("enterprise", **ENTERPRISE)
    assert response.status_code == 422
    assert heading(response) == "Stap 1 van 4: Uw onderneming"
    assert f"wordt al een toegangsaanvraag behandeld (ticket {first.ticket})" in text(response)
    assert 'value="NOVA TELECOM BV"' in response.text


def test_a_rejected_or_completed_request_does_not_stand_in_the_way(app):
    officer = make_account(role=Role.OFFICER, username="rsz.officer")
    first = make_access_request(kbo_number="0721435619")
    onboarding.reject(act(officer), first, RejectionReason.NOT_ORIGINAL)
    assert make_access_request(kbo_number="0721435619").ticket != first.ticket
