"""No double effect of a double submission (issue 10): 'Nieuw wachtwoord' and 'Nieuwe gebruiker'
spend a one-time form token in the change's transaction; a second post of the same form changes
nothing and answers the first answer (the same one-time password), whichever the browser shows."""

import re

import pytest

from db.accounts import Account, Role
from db.applications import STTS
from db.audit import AuditEvent
from db.form_tokens import SpentFormToken
from domain.passwords import verify_password
from tests.factories import PASSWORD, make_account, make_enterprise
from tests.helpers import form_token, form_values, post_at_once, text

NEW_USER = {"first_name": "Élodie", "last_name": "Lambert", "national_number": "92.05.14-123.66",
            "email": "elodie@bucom.be", "language": "fr", "username": "elodie.lambert",
            "repeat_username": "elodie.lambert", "applications": [STTS], "stts_profile": "stts2",
            "delivery": "password"}
NOT_VALID = "Dit formulier is te oud of niet voor u gemaakt"
SENT_ALREADY = "Dit formulier werd al verstuurd"


@pytest.fixture
def bucom(app):
    return make_enterprise(name="BUCOM NL", language="nl")


@pytest.fixture
def admin(bucom):
    return make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                        last_name="Janssens")


@pytest.fixture
def pieter(bucom):
    return make_account(bucom, username="pieter.desmet", first_name="Pieter", last_name="De Smet")


def signed_in_client(app, username="els.janssens", client=None):
    client = client or app.test_client()
    client.get("/login")  # an ended session is forgotten first
    client.post("/login", data={"username": username, "password": PASSWORD, "portal": "enterprise"})
    return client


@pytest.fixture
def signed_in(app, admin):
    return signed_in_client(app)


def password_url(account):
    return f"/users/{account.id}/password"


def shown_password(client, response):
    """The one-time password on the page `response` redirects to."""
    assert response.status_code == 303, text(response)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r'one-time-password">([A-Z0-9-]+)<', page).group(1)


def events(action):
    return AuditEvent.select().where(AuditEvent.action == action)


# -- Nieuw wachtwoord ---------------------------------------------------------------------------

def test_two_posts_of_new_password_make_one_password_and_both_answers_show_it(signed_in, pieter):
    token = form_token(signed_in, password_url(pieter))
    first = shown_password(signed_in, signed_in.post(password_url(pieter), data={"form_token": token}))
    second = shown_password(signed_in, signed_in.post(password_url(pieter), data={"form_token": token}))
    assert first == second
    assert verify_password(Account.get_by_id(pieter.id).password_hash, first)
    assert events("user.password_reset").count() == 1


def test_a_new_form_makes_a_new_password(signed_in, pieter):
    first = shown_password(signed_in, signed_in.post(password_url(pieter), data={
        "form_token": form_token(signed_in, password_url(pieter))}))
    second = shown_password(signed_in, signed_in.post(password_url(pieter), data={
        "form_token": form_token(signed_in, password_url(pieter))}))
    assert first != second
    assert events("user.password_reset").count() == 2


def test_the_stored_answer_holds_neither_the_password_nor_the_token(signed_in, pieter):
    token = form_token(signed_in, password_url(pieter))
    password = shown_password(signed_in, signed_in.post(password_url(pieter), data={"form_token": token}))
    row = SpentFormToken.get()
    raw = token.split(".")[0]
    stored = " ".join(str(value) for value in row.__data__.values())
    assert row.answer and password not in stored and raw not in stored and token not in stored
    assert len(row.key) == 64


@pytest.mark.parametrize("token", ["", "nonsense", "eyJhIjoxfQ.forged"])
def test_a_missing_or_forged_token_is_refused_and_changes_nothing(signed_in, pieter, token):
    before = Account.get_by_id(pieter.id).password_hash
    response = signed_in.post(password_url(pieter), data={"form_token": token})
    assert response.status_code == 422
    assert NOT_VALID in text(response)
    assert Account.get_by_id(pieter.id).password_hash == before
    assert not events("user.password_reset").exists()
    # the page offers a good token again
    assert shown_password(signed_in, signed_in.post(password_url(pieter), data=form_values(
        response, password_url(pieter))))


def test_a_token_of_another_admin_is_refused(app, signed_in, bucom, pieter):
    make_account(bucom, role=Role.LOCAL_ADMIN, username="tweede.beheerder")
    other = signed_in_client(app, "tweede.beheerder")
    token = form_token(other, password_url(pieter))
    response = signed_in.post(password_url(pieter), data={"form_token": token})
    assert response.status_code == 422 and NOT_VALID in text(response)
    assert not events("user.password_reset").exists()


def test_an_expired_form_is_refused(app, signed_in, pieter, clock):
    token = form_token(signed_in, password_url(pieter))
    clock.travel(hours=12, minutes=1)
    signed_in_client(app, client=signed_in)  # the session ended long ago: signed in again
    response = signed_in.post(password_url(pieter), data={"form_token": token})
    assert response.status_code == 422 and NOT_VALID in text(response)
    assert not events("user.password_reset").exists()


def test_a_token_spent_on_one_user_does_nothing_for_another(signed_in, bucom, pieter):
    other = make_account(bucom, username="koen.jansen")
    token = form_token(signed_in, password_url(pieter))
    shown_password(signed_in, signed_in.post(password_url(pieter), data={"form_token": token}))
    response = signed_in.post(password_url(other), data={"form_token": token})
    assert response.status_code == 409 and SENT_ALREADY in text(response)
    assert verify_password(Account.get_by_id(other.id).password_hash, PASSWORD)


def test_the_answer_is_kept_a_few_minutes_and_then_nothing_is_done_again(app, signed_in, pieter, clock):
    token = form_token(signed_in, password_url(pieter))
    password = shown_password(signed_in, signed_in.post(password_url(pieter), data={"form_token": token}))
    clock.travel(minutes=11)
    response = signed_in.post(password_url(pieter), data={"form_token": token})
    assert response.status_code == 409 and SENT_ALREADY in text(response)
    assert verify_password(Account.get_by_id(pieter.id).password_hash, password)
    assert SpentFormToken.get().answer == ""
    assert events("user.password_reset").count() == 1
    # the page gives a fresh token: the admin may make a new password after all
    assert shown_password(signed_in, signed_in.post(password_url(pieter), data=form_values(
        response, password_url(pieter)))) != password
    clock.travel(hours=13)
    signed_in_client(app, client=signed_in)
    shown_password(signed_in, signed_in.post(password_url(pieter), data={
        "form_token": form_token(signed_in, password_url(pieter))}))
    assert SpentFormToken.select().count() == 1  # the old rows are gone


# -- Nieuwe gebruiker ---------------------------------------------------------------------------

def test_two_posts_of_new_user_register_one_user_and_both_answers_show_its_password(signed_in):
    data = {**NEW_USER, "form_token": form_token(signed_in, "/users/new")}
    first = shown_password(signed_in, signed_in.post("/users/new", data=data))
    second = shown_password(signed_in, signed_in.post("/users/new", data=data))
    assert first == second
    account = Account.by_username("elodie.lambert")
    assert verify_password(account.password_hash, first)
    assert events("user.created").count() == 1


def test_a_refused_registration_keeps_what_was_typed_and_its_token_still_works(signed_in):
    data = {**NEW_USER, "form_token": form_token(signed_in, "/users/new"), "national_number": "12"}
    response = signed_in.post("/users/new", data=data)
    assert response.status_code == 422
    assert 'value="elodie.lambert"' in response.get_data(as_text=True)
    again = form_values(response, "/users/new")
    assert again["form_token"] == data["form_token"]
    again["national_number"] = NEW_USER["national_number"]
    assert shown_password(signed_in, signed_in.post("/users/new", data=again))
    assert events("user.created").count() == 1


def test_an_expired_registration_form_is_refused_with_what_was_typed(app, signed_in, clock):
    data = {**NEW_USER, "form_token": form_token(signed_in, "/users/new")}
    clock.travel(hours=13)
    signed_in_client(app, client=signed_in)
    response = signed_in.post("/users/new", data=data)
    assert response.status_code == 422 and NOT_VALID in text(response)
    assert 'value="elodie.lambert"' in response.get_data(as_text=True)
    assert Account.by_username("elodie.lambert") is None


# -- at the same instant ------------------------------------------------------------------------

def at_once(url, data, clients):
    return post_at_once(clients, [(url, data)] * len(clients))


@pytest.mark.parametrize("round_", range(4))
def test_two_posts_at_the_same_instant_make_one_password(app, admin, pieter, round_):
    clients = [signed_in_client(app), signed_in_client(app)]
    token = form_token(clients[0], password_url(pieter))
    answers = at_once(password_url(pieter), {"form_token": token}, clients)
    passwords = {shown_password(client, answer) for client, answer in zip(clients, answers, strict=True)}
    assert len(passwords) == 1
    assert verify_password(Account.get_by_id(pieter.id).password_hash, passwords.pop())
    assert events("user.password_reset").count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_registrations_at_the_same_instant_make_one_user(app, admin, round_):
    clients = [signed_in_client(app), signed_in_client(app)]
    data = {**NEW_USER, "form_token": form_token(clients[0], "/users/new")}
    answers = at_once("/users/new", data, clients)
    passwords = {shown_password(client, answer) for client, answer in zip(clients, answers, strict=True)}
    assert len(passwords) == 1
    assert Account.select().where(Account.username == "elodie.lambert").count() == 1
    assert events("user.created").count() == 1
