"""A session ended elsewhere says why on the login page: the next request of the old cookie lands
there with the reason (a new password, "Afmelden op alle andere toestellen", a block, a new role,
30 minutes idle, 12 hours, logout), in the person's language; the reason is a tombstone of a day
(the token's key, the reason, the end), never a session: the token never comes back to life."""

from datetime import timedelta

import pytest

from db.accounts import Role
from db.clock import utcnow
from db.session_endings import EndedSession, EndReason
from db.sessions import AccountSession, token_key
from domain import accounts, first_login, sessions, users
from tests.factories import act, make_account, make_enterprise
from tests.helpers import text
from tests.test_sessions import replay, session_token, sign_in

NEW_PASSWORD = "Een-Heel-Ander-Wachtwoord-77"


@pytest.fixture
def admin(app):
    return make_account(make_enterprise(name="BUCOM NL"), role=Role.LOCAL_ADMIN, username="els.janssens",
                        first_name="Els", last_name="Janssens")


@pytest.fixture
def koen(admin):
    return make_account(admin.enterprise, username="koen.jansen", first_name="Koen", last_name="Jansen")


def told_on_the_login_page(client):
    """The old cookie's next request: to the login page, which says why."""
    response = client.get("/welcome/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    return text(client.get(response.headers["Location"]))


def test_a_new_password_chosen_elsewhere(app, koen):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "koen.jansen")
    sign_in(laptop, "koen.jansen")
    accounts.change_password(act(koen), NEW_PASSWORD)
    assert "Uw sessie werd beëindigd omdat uw wachtwoord gewijzigd werd." in told_on_the_login_page(phone)


def test_a_new_password_given_by_the_local_admin(app, admin, koen):
    phone = app.test_client()
    sign_in(phone, "koen.jansen")
    users.reset_password(act(admin), koen)
    assert "omdat uw wachtwoord gewijzigd werd" in told_on_the_login_page(phone)


def test_signing_out_on_all_other_devices(app, koen):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "koen.jansen")
    sign_in(laptop, "koen.jansen")
    assert laptop.post("/account/sessions/end-others").status_code in (302, 303)
    page = told_on_the_login_page(phone)
    assert "Uw sessie werd beëindigd omdat u zich afmeldde op alle andere toestellen." in page
    assert laptop.get("/welcome/").status_code == 200


def test_being_blocked(app, admin, koen):
    phone = app.test_client()
    sign_in(phone, "koen.jansen")
    users.block(act(admin), koen)
    assert "Uw sessie werd beëindigd omdat uw account geblokkeerd werd." in told_on_the_login_page(phone)


def test_a_new_role(app, admin):
    """The local admin replaced by a new one is a plain user now: signed out, told why."""
    laptop = app.test_client()
    sign_in(laptop, "els.janssens")
    successor = make_account(admin.enterprise, username="nieuwe.beheerder")
    first_login._demote(act(successor), admin)
    assert "Uw sessie werd beëindigd omdat uw rol gewijzigd werd." in told_on_the_login_page(laptop)


def test_thirty_minutes_idle(app, koen, clock):
    phone = app.test_client()
    sign_in(phone, "koen.jansen")
    clock.travel(minutes=31)
    assert "Uw sessie werd afgesloten na 30 minuten zonder activiteit." in told_on_the_login_page(phone)


def test_twelve_hours_open(app, koen, clock):
    phone = app.test_client()
    sign_in(phone, "koen.jansen")
    for _ in range(37):  # busy all day long: a request every 20 minutes
        clock.travel(minutes=20)
        if phone.get("/welcome/").status_code != 200:
            break
    assert "Uw sessie werd beëindigd omdat ze 12 uur open was." in text(phone.get("/login"))


def test_a_logged_out_cookie_replayed(app, client, koen):
    cookie = sign_in(client, "koen.jansen")
    client.post("/logout")
    assert "U bent afgemeld." in told_on_the_login_page(replay(app, cookie))


def test_a_deleted_account(app, admin, koen):
    phone = app.test_client()
    sign_in(phone, "koen.jansen")
    users.delete_user(act(admin), koen)
    assert "omdat uw account verwijderd werd" in told_on_the_login_page(phone)


def test_the_reason_is_said_in_the_persons_language(app, admin):
    julie = make_account(admin.enterprise, username="julie.renard", language="fr")
    phone = app.test_client()
    sign_in(phone, "julie.renard")
    phone.post("/language", data={"lang": "fr", "next": "/welcome/"})
    users.block(act(admin), julie)
    assert "Votre session a été fermée parce que votre compte a été bloqué." in told_on_the_login_page(phone)


def test_the_login_page_itself_says_it_without_a_detour(app, koen):
    phone = app.test_client()
    sign_in(phone, "koen.jansen")
    accounts.change_password(act(koen), NEW_PASSWORD)
    response = phone.get("/login")
    assert response.status_code == 200
    assert "omdat uw wachtwoord gewijzigd werd" in text(response)


def test_the_tombstone_opens_nothing_and_is_said_once(app, koen):
    phone = app.test_client()
    cookie = sign_in(phone, "koen.jansen")
    token = session_token(phone)
    users.block(act(make_account(koen.enterprise, role=Role.LOCAL_ADMIN)), koen)
    users.unblock(act(make_account(koen.enterprise, role=Role.LOCAL_ADMIN)), koen)
    stone = EndedSession.get(EndedSession.key == token_key(token))
    assert (stone.reason, stone.key) == (EndReason.BLOCKED, token_key(token))
    assert not AccountSession.select().where(AccountSession.key == token_key(token)).exists()
    # unblocked, the old cookie still opens nothing: said once, then it is a cookie without a session
    told_on_the_login_page(phone)
    page = text(phone.get("/welcome/", follow_redirects=True))
    assert "beëindigd" not in page and "Meld u aan om deze pagina te bekijken." in page
    # a copy of the old cookie: told again, never signed in
    copy = replay(app, cookie)
    assert "geblokkeerd" in told_on_the_login_page(copy)
    assert copy.get("/welcome/").status_code == 302
    with pytest.raises(sessions.SessionEnded):
        sessions.resume(token)


def test_tombstones_are_purged_after_a_day(app, koen, clock):
    phone = app.test_client()
    cookie = sign_in(phone, "koen.jansen")
    token = session_token(phone)
    accounts.change_password(act(koen), NEW_PASSWORD)
    assert EndedSession.reason_of(token_key(token)) == EndReason.PASSWORD
    clock.travel(hours=25)
    assert EndedSession.reason_of(token_key(token)) is None
    sessions.purge_ended_sessions()
    assert not EndedSession.select().exists()
    page = text(replay(app, cookie).get("/welcome/", follow_redirects=True))
    assert "beëindigd" not in page


def test_sessions_that_ran_out_leave_their_reason_when_purged(app, koen, clock):
    phone = app.test_client()
    sign_in(phone, "koen.jansen")
    token = session_token(phone)
    clock.travel(minutes=31)
    sign_in(app.test_client(), "koen.jansen")  # a sign-in purges the sessions that ran out
    assert EndedSession.reason_of(token_key(token)) == EndReason.IDLE
    assert "30 minuten zonder activiteit" in told_on_the_login_page(phone)


def test_ending_a_session_twice_keeps_the_first_reason(app, koen):
    token = sessions.open_session(account=koen)
    sessions.end_sessions(koen, EndReason.BLOCKED)
    EndedSession.update(ended_at=utcnow() - timedelta(minutes=1)).execute()
    sessions.end_session(token)  # nothing left to end
    assert EndedSession.reason_of(token_key(token)) == EndReason.BLOCKED
