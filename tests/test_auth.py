"""Signing in and out: the login page, lock-out, blocked accounts, sessions."""


import pytest

from db.accounts import Account, Role
from db.audit import AuditEvent
from domain import auth as auth_domain
from domain.accounts import end_sessions
from domain.actors import Actor
from domain.refusals import Refused
from tests.factories import PASSWORD, make_account, make_enterprise

WRONG_CREDENTIALS = "Onjuiste gebruikersnaam of wachtwoord"


@pytest.fixture
def user(app):
    return make_account(make_enterprise(name="BUCOM NL"), role=Role.LOCAL_ADMIN, username="els.janssens",
                        first_name="Els", last_name="Janssens")


def test_login_page_asks_for_enterprise_username_and_password(client):
    page = client.get("/login").text
    for label in ("Aanmelden als", "Onderneming", "Gebruikersnaam", "Wachtwoord", "Login"):
        assert label in page


def test_sign_in_lands_on_the_welcome_page(client, auth, user):
    response = auth.login("els.janssens")
    assert response.status_code == 303
    assert response.headers["Location"] == "/welcome/"
    page = client.get("/welcome/").text
    assert "Welkom Els Janssens" in page
    assert "BUCOM NL" in page


def test_sign_in_accepts_the_username_in_any_case(auth, user):
    assert auth.login("Els.Janssens").status_code == 303


def test_wrong_password_is_refused_and_the_username_kept(auth, user):
    response = auth.login("els.janssens", "not-the-password")
    assert response.status_code == 401
    assert WRONG_CREDENTIALS in response.text
    assert 'value="els.janssens"' in response.text


def test_unknown_username_gets_the_same_answer_as_a_wrong_password(auth, user):
    response = auth.login("nobody.here", "whatever-password")
    assert response.status_code == 401
    assert WRONG_CREDENTIALS in response.text


def test_empty_form_says_what_is_missing(client):
    response = client.post("/login", data={"portal": "enterprise"})
    assert response.status_code == 422
    assert "Geef uw gebruikersnaam in." in response.text
    assert "Geef uw wachtwoord in." in response.text


def test_blocked_account_cannot_sign_in(auth, user):
    Account.update(blocked=True).where(Account.id == user.id).execute()
    response = auth.login("els.janssens")
    assert response.status_code == 403
    assert "Uw account is geblokkeerd" in response.text


def test_five_failures_lock_the_account_for_this_address_for_fifteen_minutes(auth, user, clock):
    for _ in range(5):
        auth.login("els.janssens", "wrong-password")
    assert auth_domain.is_locked_for(user, "127.0.0.1")
    assert AuditEvent.about("account", user.id).where(
        AuditEvent.action == "account.locked_for_client").exists()
    # even the right password is refused now from here, with the same message as any failure
    response = auth.login("els.janssens")
    assert response.status_code == 401
    assert WRONG_CREDENTIALS in response.text
    # fifteen minutes later the right password works again
    clock.travel(minutes=16)
    assert auth.login("els.janssens").status_code == 303
    assert Account.get_by_id(user.id).failed_logins == 0


def test_a_success_resets_the_failure_count(auth, user):
    for _ in range(4):
        auth.login("els.janssens", "wrong-password")
    assert auth.login("els.janssens").status_code == 303
    assert Account.get_by_id(user.id).failed_logins == 0


def test_failures_are_counted_in_the_database(user):
    for _ in range(auth_domain.MAX_FAILED_SIGN_INS - 1):
        with pytest.raises(Refused):
            auth_domain.sign_in(Actor.visitor(), "els.janssens", "wrong-password", tuple(Role))
    assert Account.get_by_id(user.id).failed_logins == 4


def test_the_wrong_portal_changes_nothing_about_the_account(auth, user):
    for _ in range(3):
        auth.login("els.janssens", "wrong-password")
    assert auth.login("els.janssens", portal="backoffice").status_code == 401
    stored = Account.get_by_id(user.id)
    assert (stored.failed_logins, stored.last_login_at) == (3, None)


def test_an_officer_signs_in_through_the_back_office_choice(auth, app):
    make_account(role=Role.OFFICER, username="rsz.officer")
    assert auth.login("rsz.officer", portal="enterprise").status_code == 401
    response = auth.login("rsz.officer", portal="backoffice")
    assert response.headers["Location"] == "/backoffice/"


def test_an_enterprise_user_cannot_use_the_back_office_choice(auth, user):
    assert auth.login("els.janssens", portal="backoffice").status_code == 401


def test_login_follows_a_local_next_url_only(client, user):
    data = {"username": "els.janssens", "password": PASSWORD, "portal": "enterprise"}
    assert client.post("/login?next=/welcome/%3Fx%3D1", data=data).headers["Location"] == "/welcome/?x=1"
    client.post("/logout")
    assert client.post("/login?next=//evil.example/", data=data).headers["Location"] == "/welcome/"


def test_logout_ends_the_session(client, auth, user):
    auth.login("els.janssens")
    response = auth.logout()
    assert response.status_code == 303
    assert client.get("/welcome/").status_code == 302


def test_logout_is_not_a_get(client, auth, user):
    auth.login("els.janssens")
    assert client.get("/logout").status_code == 405


def test_pages_need_a_signed_in_account(client):
    response = client.get("/welcome/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/welcome/")


def test_htmx_requests_are_sent_to_the_login_page_as_a_whole(client):
    response = client.get("/welcome/", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_the_session_cookie_ends_with_the_browser(client, auth, user):
    response = auth.login("els.janssens")
    cookie = response.headers["Set-Cookie"]
    assert "Expires" not in cookie and "Max-Age" not in cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_thirty_minutes_idle_end_the_session(client, auth, user, clock):
    auth.login("els.janssens")
    clock.travel(minutes=31)
    response = client.get("/welcome/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert client.get("/welcome/").status_code == 302


def test_twenty_nine_minutes_idle_keep_the_session(client, auth, user, clock):
    auth.login("els.janssens")
    clock.travel(minutes=29)
    assert client.get("/welcome/").status_code == 200


def test_ending_the_accounts_sessions_ends_open_sessions(client, auth, user):
    auth.login("els.janssens")
    end_sessions(user)
    assert client.get("/welcome/").status_code == 302


def test_blocking_ends_open_sessions(client, auth, user):
    auth.login("els.janssens")
    Account.update(blocked=True).where(Account.id == user.id).execute()
    assert client.get("/welcome/").status_code == 302


def test_a_weak_hash_is_upgraded_at_sign_in(auth, user, monkeypatch):
    monkeypatch.setattr("domain.auth.needs_rehash", lambda password_hash: True)
    monkeypatch.setattr("domain.auth.hash_password", lambda password: "$argon2id$upgraded")
    auth.login("els.janssens")
    assert Account.get_by_id(user.id).password_hash == "$argon2id$upgraded"
