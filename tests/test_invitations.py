"""Invitations: the local admin has the person e-mailed a one-time link (72 hours, single use, bound
to the account) where they choose their own password; through a real local SMTP sink."""

import email
import email.policy
import re

import pytest

from db.accounts import Account, Role
from db.audit import AuditEvent
from db.second_factor import Invitation
from domain import invitations
from domain.actors import Actor
from domain.refusals import Refused
from tests.factories import make_account, make_enterprise
from tests.helpers import form_token
from tests.test_feed import smtp, wait_for  # noqa: F401 (the SMTP sink fixture)

NEW_PASSWORD = "Kies-Een-Eigen-Zin-2026"


@pytest.fixture
def enterprise(app):
    return make_enterprise(name="NOVA TELECOM")


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="admin.nova", first_name="Els",
                        last_name="Beheer")


def new_user_data(**overrides):
    from tests.factories import national_number
    return {"first_name": "Karel", "last_name": "Claes", "national_number": national_number(),
            "email": "karel@nova.example", "language": "fr", "username": "karel.claes",
            "repeat_username": "karel.claes", "delivery": "invitation", **overrides}


def link_in(sink, index=0):
    sent = email.message_from_bytes(wait_for(sink, index + 1)[index].content, policy=email.policy.default)
    body = sent.get_content()
    return sent, re.search(r"http://localhost(/invitation/\S+)", body).group(1)


def test_a_new_user_invited_by_email_chooses_their_own_password(client, auth, admin, smtp):  # noqa: F811
    auth.login(admin.username)
    response = client.post("/users/new", data=new_user_data(form_token=form_token(client, "/users/new")))
    assert response.status_code == 303, response.get_data(as_text=True)
    sent, path = link_in(smtp)
    assert smtp.messages[0].rcpt_tos == ["karel@nova.example"]
    # in the person's language, with the username; no password anywhere
    assert sent["Subject"] == "Choisissez votre mot de passe pour STTS"
    assert "karel.claes" in sent.get_content()
    token = path.rsplit("/", 1)[1]
    stored = Invitation.get()
    assert token not in stored.token_hash and stored.token_hash == invitations.token_hash(token)
    assert (stored.expires_at - stored.created_at).total_seconds() == 72 * 3600
    auth.logout()
    page = client.get(path)
    assert page.status_code == 200 and "karel.claes" in page.get_data(as_text=True)
    response = client.post(path, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD})
    assert response.status_code == 303
    response = auth.login("karel.claes", NEW_PASSWORD)
    assert response.status_code == 303
    assert client.get("/welcome/").status_code == 200
    actions = {e.action for e in AuditEvent.select()}
    assert {"user.created", "user.invited", "account.invitation_accepted"} <= actions
    # used: the same link says so
    auth.logout()
    again = client.get(path)
    assert again.status_code == 410
    assert "werd al gebruikt" in again.get_data(as_text=True)


def test_an_invitation_needs_an_email_address(client, auth, admin, smtp):  # noqa: F811
    auth.login(admin.username)
    token = form_token(client, "/users/new")
    response = client.post("/users/new", data=new_user_data(email="", form_token=token))
    assert response.status_code == 422
    assert Account.select().where(Account.username == "karel.claes").count() == 0


def test_the_one_time_password_stays_available(client, auth, admin, smtp):  # noqa: F811
    auth.login(admin.username)
    token = form_token(client, "/users/new")
    response = client.post("/users/new", data=new_user_data(delivery="password", form_token=token))
    assert response.status_code == 303
    assert "/password/issued" in response.headers["Location"]
    assert smtp.messages == []


def test_an_expired_link_says_what_to_do(client, auth, admin, smtp, clock):  # noqa: F811
    user = make_account(admin.enterprise, username="late.user", email="late@nova.example")
    auth.login(admin.username)
    assert client.post(f"/users/{user.id}/invite").status_code == 303
    _sent, path = link_in(smtp)
    auth.logout()
    clock.travel(hours=73)
    response = client.get(path)
    assert response.status_code == 410
    assert "72 uur" in response.get_data(as_text=True)
    response = client.post(path, data={"new_password": NEW_PASSWORD, "repeat_password": NEW_PASSWORD})
    assert response.status_code == 410


def test_a_tampered_link_and_a_deleted_account(client, auth, admin, smtp):  # noqa: F811
    user = make_account(admin.enterprise, username="gone.user", email="gone@nova.example")
    auth.login(admin.username)
    client.post(f"/users/{user.id}/invite")
    _sent, path = link_in(smtp)
    auth.logout()
    assert client.get(path[:-2] + "xx").status_code == 404
    assert client.get("/invitation/" + "%00" * 3).status_code == 404
    assert client.get("/invitation/" + "a" * 500).status_code == 404
    user.delete_instance()
    response = client.get(path)
    assert response.status_code == 404
    assert "lokale beheerder" in response.get_data(as_text=True)


def test_a_blocked_account_cannot_use_its_invitation(client, auth, admin, smtp):  # noqa: F811
    user = make_account(admin.enterprise, username="blocked.user", email="b@nova.example")
    auth.login(admin.username)
    client.post(f"/users/{user.id}/invite")
    _sent, path = link_in(smtp)
    Account.update(blocked=True).where(Account.id == user.id).execute()
    auth.logout()
    assert client.get(path).status_code == 403


def test_reinvite_ends_the_old_password_and_the_older_link(client, auth, admin, smtp):  # noqa: F811
    user = make_account(admin.enterprise, username="again.user", email="again@nova.example")
    auth.login(admin.username)
    client.post(f"/users/{user.id}/invite")
    _sent, first = link_in(smtp)
    client.post(f"/users/{user.id}/invite")
    _sent, second = link_in(smtp, 1)
    auth.logout()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert auth.login("again.user").status_code == 401


def test_a_weak_password_is_refused_at_its_field(client, auth, admin, smtp):  # noqa: F811
    user = make_account(admin.enterprise, username="weak.user", email="w@nova.example")
    auth.login(admin.username)
    client.post(f"/users/{user.id}/invite")
    _sent, path = link_in(smtp)
    auth.logout()
    response = client.post(path, data={"new_password": "weak.user1", "repeat_password": "weak.user1"})
    assert response.status_code == 422
    assert Invitation.get().used_at is None


def test_a_local_admin_cannot_invite_another_enterprises_user(client, auth, admin, smtp):  # noqa: F811
    stranger = make_account(make_enterprise(), username="stranger", email="s@x.example")
    auth.login(admin.username)
    assert client.post(f"/users/{stranger.id}/invite").status_code == 404


def test_tokens_are_single_use_in_the_domain(admin, smtp):  # noqa: F811
    user = make_account(admin.enterprise, username="once.user", email="o@nova.example")
    tokens = []
    invitations.reinvite(Actor.person(admin), user,
                         lambda token: tokens.append(token) or f"/invitation/{token}")
    invitations.accept(Actor.visitor(), tokens[0], NEW_PASSWORD)
    with pytest.raises(Refused):
        invitations.accept(Actor.visitor(), tokens[0], NEW_PASSWORD + "x")


def test_two_posts_of_the_invitation_form_register_and_invite_once(client, auth, admin, smtp):  # noqa: F811
    # a double click on 'Registreren' with delivery by invitation: the second answer is the
    # first's (the user's page), not "username taken", and one e-mail goes out
    auth.login(admin.username)
    data = new_user_data(form_token=form_token(client, "/users/new"))
    first = client.post("/users/new", data=data)
    second = client.post("/users/new", data=data)
    assert first.status_code == second.status_code == 303, second.get_data(as_text=True)
    karel = Account.get(Account.username == "karel.claes")
    assert first.headers["Location"] == second.headers["Location"] == f"/users/{karel.id}"
    assert "Deze gebruikersnaam" not in client.get(second.headers["Location"]).get_data(as_text=True)
    wait_for(smtp, 1)
    assert len(smtp.messages) == 1
    assert Invitation.select().count() == 1
    assert AuditEvent.select().where(AuditEvent.action == "user.created").count() == 1
