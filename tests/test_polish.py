"""Issue 14's comfort items: where "/" leads, provisional credentials, the language switch as a
preference, pagination that says where you are."""

import re

import pytest

from db.accounts import Role
from db.audit import AuditEvent
from domain import onboarding
from domain.activity import recent_activity
from tests.factories import act, make_access_request, make_account, make_enterprise
from tests.helpers import text


@pytest.fixture
def enterprise(app):
    return make_enterprise(name="BUCOM NL")


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens", language="nl")


def test_a_signed_in_person_opening_the_home_page_goes_to_their_start_page(client, auth, admin):
    auth.login("els.janssens")
    response = client.get("/")
    assert response.status_code == 303
    assert response.headers["Location"] == "/welcome/"


def test_an_officer_opening_the_home_page_goes_to_the_back_office(client, auth):
    make_account(role=Role.OFFICER, username="rsz.officer")
    auth.login("rsz.officer", portal="backoffice")
    assert client.get("/").headers["Location"] == "/backoffice/"


def test_the_home_page_still_offers_sign_in_to_a_visitor(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/login"' in response.text


def test_provisional_credentials_open_their_start_page_from_home_and_welcome(client, auth):
    officer = make_account(role=Role.OFFICER, username="rsz.officer")
    filed = make_access_request()
    onboarding.record_original_received(act(officer), filed)
    issued = onboarding.issue_credentials(act(officer), filed)
    auth.login(issued.credential.username, issued.password)
    for path in ("/", "/welcome/"):
        response = client.get(path)
        assert response.status_code == 303, path
        assert response.headers["Location"] == "/onboarding/first-login"
        assert "Meld u aan" not in text(client.get(response.headers["Location"]))


def test_a_language_switch_is_a_preference_not_a_change_in_the_enterprise_feed(client, auth, admin,
                                                                                enterprise):
    auth.login("els.janssens")
    for code in ("fr", "de", "nl"):
        client.post("/language", data={"lang": code, "next": "/welcome/"})
    assert recent_activity(enterprise, "nl") == []
    assert "Eigen taal gewijzigd" not in text(client.get("/welcome/"))
    # it stays in the account's own history
    own = AuditEvent.about_account(admin).where(AuditEvent.action == "account.language_changed")
    assert own.count() == 3


# -- pagination says where you are; a page past the end is the last page -----------------------


def test_the_pager_says_which_rows_of_how_many(client, auth, admin, enterprise):
    for number in range(31):
        make_account(enterprise, username=f"user.{number:02d}")
    auth.login("els.janssens")
    first = text(client.get("/users/?size=25"))
    assert "1–25 van 32" in first
    second = text(client.get("/users/?size=25&page=2"))
    assert "26–32 van 32" in second


def test_a_page_past_the_end_shows_the_last_page(client, auth, admin, enterprise):
    for number in range(30):
        make_account(enterprise, username=f"user.{number:02d}")
    auth.login("els.janssens")
    page = text(client.get("/users/?size=25&page=99"))
    assert "26–31 van 31" in page


def test_more_than_the_cap_is_said_so(app, enterprise):
    from db.accounts import Account
    from web.paging import paginate
    for _ in range(5):
        make_account(enterprise)
    query = Account.of_enterprise(enterprise).order_by(Account.id)
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        from flask import render_template_string
        page = paginate(query, 1, 2)
        page.total = page.total._replace(number=1000, more=True)
        html = render_template_string(
            '{% from "_macros.html" import pagination %}{{ pagination(page, "users.index", "x") }}',
            page=page)
    assert "1–2 van meer dan 1.000" in html


def test_the_wizards_first_step_with_only_spaces_as_the_name_says_so(client):
    state = re.search(r'name="state" value="([^"]+)"', client.get("/onboarding/request").text).group(1)
    response = client.post("/onboarding/request", data={
        "state": state, "step": "enterprise", "go": "next", "kbo_number": "0721.435.619",
        "enterprise_name": "   ", "rsz_local_admin": "y"})
    assert response.status_code == 422
    assert "Geef de naam van de onderneming in." in text(response)


@pytest.mark.parametrize(("language", "login"), [("nl", ">Login<"), ("fr", ">Se connecter<"),
                                                  ("de", ">Anmelden<")])
def test_login_is_translated_where_the_dutch_manual_keeps_the_english_word(client, language, login):
    client.set_cookie("language", language)
    assert login in client.get("/login", headers={"Accept-Language": language}).text
