"""CSRF protection on every state-changing request, htmx included."""

import re

import pytest

from tests.factories import PASSWORD, make_account, make_enterprise


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def token_from(page):
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def test_a_post_without_token_is_refused_with_a_clear_message(csrf_client):
    make_account(make_enterprise(), username="els.janssens")
    response = csrf_client.post("/login", data={"username": "els.janssens", "password": PASSWORD,
                                                "portal": "enterprise"})
    assert response.status_code == 400
    assert "Dit formulier is verlopen" in response.text


def test_a_post_with_the_forms_token_is_accepted(csrf_client):
    make_account(make_enterprise(), username="els.janssens")
    token = token_from(csrf_client.get("/login").text)
    response = csrf_client.post("/login", data={"csrf_token": token, "username": "els.janssens",
                                                "password": PASSWORD, "portal": "enterprise"})
    assert response.status_code == 303


def test_htmx_sends_the_token_as_a_header(csrf_client):
    page = csrf_client.get("/").text
    header_token = re.search(r'hx-headers:inherited=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    response = csrf_client.post("/language", data={"lang": "fr", "next": "/"},
                                headers={"X-CSRFToken": header_token, "HX-Request": "true"})
    assert response.status_code == 303


def test_an_htmx_request_without_token_gets_the_message_in_the_live_region(csrf_client):
    response = csrf_client.post("/language", data={"lang": "fr"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#messages"
    assert "Dit formulier is verlopen" in response.text
    assert "<html" not in response.text


def test_a_wrong_token_is_refused(csrf_client):
    csrf_client.get("/")
    response = csrf_client.post("/language", data={"lang": "fr", "csrf_token": "forged"})
    assert response.status_code == 400
