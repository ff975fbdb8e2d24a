"""Server-side sessions: a random token in the cookie names a row; logout, deletion, blocking, a new
password or role end it; idle 30 minutes and absolute 12 hours; account ids never reused."""

import re

import pytest

from app import create_app
from db.accounts import Account, Role
from db.audit import AuditEvent
from db.sessions import AccountSession, token_key
from domain import users
from domain.sessions import open_session
from tests.factories import PASSWORD, act, make_account, make_enterprise

NEW_PASSWORD = "Een-Heel-Ander-Wachtwoord-77"


@pytest.fixture
def admin(app):
    return make_account(make_enterprise(name="TELCO SUD SA"), role=Role.LOCAL_ADMIN, username="marie.dubois",
                        first_name="Marie", last_name="Dubois")


@pytest.fixture
def julie(admin):
    return make_account(admin.enterprise, username="julie.renard", first_name="Julie", last_name="Renard")


def sign_in(client, username, password=PASSWORD, portal="enterprise"):
    response = client.post("/login", data={"username": username, "password": password, "portal": portal})
    assert response.status_code == 303, response.text
    return client.get_cookie("session").value


def replay(app, cookie):
    """A new browser that presents `cookie` (as an attacker holding a copy would)."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def session_token(client):
    with client.session_transaction() as session:
        return session.get("_user_id")


# -- the critical repro: a deleted account's session never comes back as someone else ------------


def test_account_ids_are_never_reused_after_deleting_the_newest(app, admin, julie):
    users.delete_user(act(admin), julie)
    newcomer = make_account(admin.enterprise, username="new.person")
    assert newcomer.id > julie.id


def test_a_deleted_accounts_cookie_opens_nothing_for_the_next_account(app, client, admin, julie):
    cookie = sign_in(client, "julie.renard")
    users.delete_user(act(admin), julie)
    newcomer = make_account(admin.enterprise, role=Role.LOCAL_ADMIN, username="kalmo.admin")
    assert newcomer.id != julie.id
    assert replay(app, cookie).get("/welcome/").status_code == 302


def test_a_deleted_users_cookie_does_not_open_the_back_office_after_create_officer(app, client, admin, julie,
                                                                                    monkeypatch):
    cookie = sign_in(client, "julie.renard")
    users.delete_user(act(admin), julie)
    monkeypatch.setenv("STTS_PASSWORD", "Lang-Genoeg-Wachtwoord-2026")
    result = app.test_cli_runner().invoke(args=["create-officer", "jan.officer"])
    assert result.exit_code == 0, result.output
    assert Account.by_username("jan.officer").id != julie.id
    other = replay(app, cookie)
    assert other.get("/backoffice/").status_code == 302
    assert other.get("/welcome/").status_code == 302


def test_a_deleted_users_cookie_does_not_open_the_first_login_local_admin(app, client, admin, julie):
    from domain import onboarding
    from tests.factories import make_access_request

    cookie = sign_in(client, "julie.renard")
    users.delete_user(act(admin), julie)
    officer = make_account(role=Role.OFFICER, username="rsz.officer")
    filed = make_access_request(admin_first_name="Sofie", admin_last_name="Peeters")
    onboarding.record_original_received(act(officer), filed)
    issued = onboarding.issue_credentials(act(officer), filed)
    newcomer = app.test_client()
    sign_in(newcomer, issued.credential.username, issued.password)
    data = {"username": "sofie.peeters", "repeat_username": "sofie.peeters", "password": NEW_PASSWORD,
            "repeat_password": NEW_PASSWORD, "first_name": "Sofie", "last_name": "Peeters",
            "email": "sofie@nova.example"}
    assert newcomer.post("/onboarding/local-admin", data=data).status_code == 303
    assert Account.by_username("sofie.peeters").id != julie.id
    assert replay(app, cookie).get("/welcome/").status_code == 302


def test_the_cookie_holds_a_random_token_and_no_account_id(client, julie):
    sign_in(client, "julie.renard")
    token = session_token(client)
    assert len(token) >= 43 and str(julie.id) != token and "." not in token
    stored = AccountSession.get(AccountSession.account == julie.id)
    # the database keeps the token's hash, not the token
    assert stored.key == token_key(token) and stored.key != token
    assert stored.address == "127.0.0.1" and stored.expires_at > stored.created_at


def test_every_sign_in_gets_a_new_session_id(client, julie):
    sign_in(client, "julie.renard")
    first = session_token(client)
    sign_in(client, "julie.renard")
    assert session_token(client) != first


# -- logout and what ends every session of an account -----------------------------------------------


def test_a_cookie_replayed_after_logout_opens_nothing(app, client, julie):
    cookie = sign_in(client, "julie.renard")
    assert client.post("/logout").status_code == 303
    assert replay(app, cookie).get("/account/details").status_code == 302
    assert not AccountSession.select().where(AccountSession.account == julie.id).exists()


@pytest.mark.parametrize("end", [
    lambda admin, julie: users.block(act(admin), julie),
    lambda admin, julie: users.reset_password(act(admin), julie),
    lambda admin, julie: users.delete_user(act(admin), julie),
], ids=["block", "new password", "delete"])
def test_the_admin_ending_an_account_ends_all_its_sessions(app, admin, julie, end):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "julie.renard")
    sign_in(laptop, "julie.renard")
    end(admin, julie)
    assert phone.get("/welcome/").status_code == 302 and laptop.get("/welcome/").status_code == 302
    assert not AccountSession.select().where(AccountSession.account == julie.id).exists()


def test_a_password_change_ends_the_other_sessions_and_renews_this_one(app, julie):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "julie.renard")
    sign_in(laptop, "julie.renard")
    before = session_token(laptop)
    response = laptop.post("/account/password", data={"current_password": PASSWORD,
                                                      "new_password": NEW_PASSWORD,
                                                      "repeat_password": NEW_PASSWORD})
    assert response.status_code == 303, response.text
    assert phone.get("/welcome/").status_code == 302
    assert laptop.get("/welcome/").status_code == 200
    assert session_token(laptop) != before
    assert AccountSession.select().where(AccountSession.account == julie.id).count() == 1


def test_replacing_the_local_admin_ends_the_previous_admins_sessions(app, admin):
    # the role change of the replacement procedure: the previous admin becomes a plain user
    from domain.first_login import _demote

    browser = app.test_client()
    sign_in(browser, "marie.dubois")
    newcomer = make_account(admin.enterprise, username="new.admin")
    _demote(act(newcomer), admin)
    assert browser.get("/welcome/").status_code == 302


# -- idle and absolute limits, through the one clock ---------------------------------------------


def test_an_active_session_ends_twelve_hours_after_sign_in(client, julie, clock):
    sign_in(client, "julie.renard")
    for _ in range(35):  # every 20 minutes: never idle
        clock.travel(minutes=20)
        assert client.get("/welcome/").status_code == 200
    clock.travel(minutes=20)  # 12 hours and 20 minutes after signing in
    assert client.get("/welcome/").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(client, julie, clock):
    sign_in(client, "julie.renard")
    seen = AccountSession.get().last_seen_at
    clock.travel(seconds=30)
    client.get("/welcome/")
    assert AccountSession.get().last_seen_at == seen
    clock.travel(seconds=31)
    client.get("/welcome/")
    assert AccountSession.get().last_seen_at == clock.now


def test_an_idle_session_is_deleted(client, julie, clock):
    sign_in(client, "julie.renard")
    clock.travel(minutes=31)
    assert client.get("/welcome/").status_code == 302
    assert not AccountSession.select().exists()


def test_every_app_process_sees_the_same_sessions(app, database_url, julie):
    client = app.test_client()
    cookie = sign_in(client, "julie.renard")
    other_process = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                                "DEMO": False, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    browser = other_process.test_client()
    browser.set_cookie("session", cookie)
    assert browser.get("/welcome/").status_code == 200
    client.post("/logout")
    assert browser.get("/welcome/").status_code == 302


# -- the own-data page: open sessions, "Afmelden op alle andere toestellen" -------------------------


def test_the_own_data_page_lists_the_open_sessions(app, julie):
    phone = app.test_client()
    phone.post("/login", data={"username": "julie.renard", "password": PASSWORD, "portal": "enterprise"},
               headers={"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"})
    laptop = app.test_client()
    laptop.post("/login", data={"username": "julie.renard", "password": PASSWORD, "portal": "enterprise"},
                headers={"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"})
    page = laptop.get("/account/details").text
    assert "Open sessies" in page and "iPhone" in page and "Firefox" in page
    assert "Dit toestel" in page and "127.0.0.1" in page
    assert "Afmelden op alle andere toestellen" in page


def test_the_session_list_speaks_the_language_of_the_page(client, julie):
    Account.update(language="fr").where(Account.id == julie.id).execute()
    sign_in(client, "julie.renard")
    page = client.get("/account/details").text
    assert "Sessions ouvertes" in page and "Cet appareil" in page
    # the last use in the French date-time format (Europe/Brussels), e.g. 2 décembre 2026, 04:51
    assert re.search(r"<td>\d{1,2} \w+ \d{4}, \d\d:\d\d</td>", page)


def test_signing_out_everywhere_else_keeps_this_session(app, julie):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "julie.renard")
    sign_in(laptop, "julie.renard")
    response = laptop.post("/account/sessions/end-others")
    assert response.status_code == 303
    assert phone.get("/welcome/").status_code == 302
    assert laptop.get("/welcome/").status_code == 200
    event = AuditEvent.about("account", julie.id).where(
        AuditEvent.action == "account.other_sessions_ended").get()
    assert event.actor_id == julie.id
    # nothing left to end: nothing more is recorded
    assert laptop.post("/account/sessions/end-others").status_code == 303
    assert AuditEvent.select().where(AuditEvent.action == "account.other_sessions_ended").count() == 1


def test_signing_out_elsewhere_asks_first_and_the_question_ends_nothing(app, julie):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "julie.renard")
    sign_in(laptop, "julie.renard")
    assert 'href="/account/sessions/end-others"' in laptop.get("/account/details").text
    page = laptop.get("/account/sessions/end-others").text
    assert "Deze sessie wordt beëindigd" in page
    assert '<form method="post" action="/account/sessions/end-others"' in page
    assert '<a class="button" href="/account/details#sessions">Terug</a>' in page
    assert phone.get("/welcome/").status_code == 200


def test_a_provisional_session_lives_in_the_database_too(client, admin):
    from domain import onboarding
    from tests.factories import make_access_request

    officer = make_account(role=Role.OFFICER, username="rsz.officer")
    filed = make_access_request()
    onboarding.record_original_received(act(officer), filed)
    issued = onboarding.issue_credentials(act(officer), filed)
    sign_in(client, issued.credential.username, issued.password)
    row = AccountSession.get(AccountSession.credential == issued.credential.id)
    assert row.account_id is None
    assert client.get("/onboarding/first-login").status_code == 200
    row.delete_instance()
    assert client.get("/onboarding/first-login").status_code == 302


def test_a_session_row_for_nobody_opens_nothing(app):
    token = open_session()
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["_user_id"] = token
    assert browser.get("/welcome/").status_code == 302


def test_sessions_that_ran_out_are_purged_at_the_next_sign_in(app, julie, clock):
    sign_in(app.test_client(), "julie.renard")
    clock.travel(minutes=31)
    sign_in(app.test_client(), "julie.renard")
    assert AccountSession.select().count() == 1


def test_signing_out_elsewhere_needs_the_forms_token(app, julie):
    app.config["WTF_CSRF_ENABLED"] = True
    phone, laptop = app.test_client(), app.test_client()
    for browser in (phone, laptop):
        page = browser.get("/login").text
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
        browser.post("/login", data={"csrf_token": token, "username": "julie.renard", "password": PASSWORD,
                                     "portal": "enterprise"})
    assert laptop.post("/account/sessions/end-others").status_code == 400
    assert phone.get("/welcome/").status_code == 200
    page = laptop.get("/account/details").text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    assert laptop.post("/account/sessions/end-others", data={"csrf_token": token}).status_code == 303
    assert phone.get("/welcome/").status_code == 302
