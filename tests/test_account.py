"""'Wijzig wachtwoord', and the forced change after a one-time password."""

import pytest

from db.accounts import Account, Role
from db.audit import AuditEvent
from domain.passwords import verify_password
from tests.factories import PASSWORD, make_account, make_enterprise
from tests.helpers import text

NEW_PASSWORD = "Zeven-Blauwe-Olifanten-2026"


@pytest.fixture
def admin(app):
    return make_account(make_enterprise(), role=Role.LOCAL_ADMIN, username="els.janssens",
                        first_name="Els", last_name="Janssens")


def change(client, current=PASSWORD, new=NEW_PASSWORD, repeat=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "repeat_password": repeat or new})


def test_change_password(client, auth, admin):
    auth.login("els.janssens")
    response = change(client)
    assert response.status_code == 303
    assert verify_password(Account.get_by_id(admin.id).password_hash, NEW_PASSWORD)
    assert "Uw wachtwoord werd gewijzigd." in client.get(response.headers["Location"]).text
    events = AuditEvent.about("account", admin.id)
    assert events.where(AuditEvent.action == "account.password_changed").exists()


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(app, client, auth, admin):
    other = app.test_client()
    other.post("/login", data={"username": "els.janssens", "password": PASSWORD, "portal": "enterprise"})
    auth.login("els.janssens")
    change(client)
    assert client.get("/welcome/").status_code == 200
    assert other.get("/welcome/").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("wrong-password", NEW_PASSWORD, NEW_PASSWORD, "Dit is niet uw huidig wachtwoord."),
        (PASSWORD, "kort", "kort", "minstens 12 tekens"),
        (PASSWORD, "password1234", "password1234", "lijst van veelgebruikte wachtwoorden"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "De twee wachtwoorden zijn niet gelijk."),
        (PASSWORD, "Janssens1234", "Janssens1234", "te gemakkelijk te raden"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(client, auth, admin, current, new, repeat, message):
    auth.login("els.janssens")
    response = change(client, current, new, repeat)
    assert response.status_code == 422
    assert message in text(response)
    assert verify_password(Account.get_by_id(admin.id).password_hash, PASSWORD)


def test_a_one_time_password_leads_to_the_change_first(client, auth, admin):
    Account.update(must_change_password=True).where(Account.id == admin.id).execute()
    auth.login("els.janssens")
    response = client.get("/welcome/")
    assert response.headers["Location"] == "/account/password"
    assert "eenmalig wachtwoord" in client.get("/account/password").text
    change(client)
    assert client.get("/welcome/").status_code == 200
    assert not Account.get_by_id(admin.id).must_change_password


def test_signing_out_stays_possible_before_the_change(client, auth, admin):
    Account.update(must_change_password=True).where(Account.id == admin.id).execute()
    auth.login("els.janssens")
    assert auth.logout().status_code == 303
