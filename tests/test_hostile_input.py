"""Hostile input is never a 500: huge integers, the last code point, CR/LF in `next`, oversized
bodies; and every error page carries the security headers."""

import pytest
from flask import abort

from db.accounts import Account, Role
from db.text import prefix_upper_bound
from tests.factories import make_account, make_enterprise
from tests.stts_data import active_dossier, operator_with_user
from web.security import DOCUMENT_ONLY, HEADERS

HUGE = "99999999999999999999"
LAST = "\U0010ffff"
MEGABYTE = 1024 * 1024


@pytest.fixture
def bucom(app):
    return make_enterprise(name="BUCOM NL", language="nl")


@pytest.fixture
def admin(client, auth, bucom):
    make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens")
    auth.login("els.janssens")
    return client


@pytest.fixture
def koen(bucom):
    return make_account(bucom, username="koen.jansen", first_name="Koen", last_name="Jansen")


# -- integers past 64 bits ----------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    f"/users/{HUGE}", f"/users/{2**63}", f"/users/{HUGE}/profile", f"/users/{HUGE}/delete",
    f"/users/bulk?action=block&user={HUGE}",
])
def test_an_id_past_64_bits_is_a_page_that_does_not_exist(admin, url):
    assert admin.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/users/?page=9223372036854775807", f"/users/?page={HUGE}",
                                 f"/users/search?name=a&page={HUGE}", f"/users/?size={HUGE}",
                                 "/users/?page=%C2%B2", "/users/?page=-99999999999999999999"])
def test_a_huge_page_number_is_an_empty_page(admin, url):
    assert admin.get(url).status_code == 200


def test_a_huge_version_counts_as_stale_and_a_huge_id_in_a_form_as_nobody(admin, koen):
    assert admin.post(f"/users/{koen.id}/profile", data={"version": HUGE}).status_code < 500
    response = admin.post("/users/bulk?action=block", data={"action": "block", "user": [HUGE]})
    assert response.status_code == 404
    assert not Account.get_by_id(koen.id).blocked


def test_the_stts_screens_take_huge_ids_and_pages(client, auth):
    operator, user = operator_with_user("BUCOM NL", profile="stts3", username="stts3.user")
    auth.login("stts3.user")
    assert client.get(f"/stts/dossiers/{HUGE}").status_code == 404
    assert client.get(f"/stts/dossiers/{HUGE}/edit").status_code == 404
    assert client.get(f"/stts/tasks/{HUGE}").status_code == 404
    assert client.get(f"/stts/dossiers?page={HUGE}").status_code == 200


# -- the last code point ------------------------------------------------------------------------

def test_the_last_code_point_has_no_upper_bound():
    assert prefix_upper_bound("ab") == "ac"
    assert prefix_upper_bound("a" + LAST) == "b"
    assert prefix_upper_bound(LAST * 3) is None


def test_a_dossier_search_for_the_last_code_point_answers(client, auth):
    operator, user = operator_with_user("BUCOM NL", profile="stts3", username="stts3.user")
    active_dossier(operator, user)
    auth.login("stts3.user")
    for criterion in ("name", "national_number", "line_number", "customer_number"):
        for value in (LAST, "a" + LAST, LAST * 3):
            response = client.get("/stts/dossiers", query_string={criterion: value})
            assert response.status_code in (200, 422), (criterion, value)


def test_a_user_search_for_the_last_code_point_answers(admin):
    for value in (LAST, "jans" + LAST):
        assert admin.get("/users/search", query_string={"name": value}).status_code in (200, 422)


# -- CR/LF in `next` ----------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/users/\r\nSet-Cookie: x=1", "/users/\n", "/users/\x07", "/u\u2028"])
def test_a_next_with_a_line_break_goes_to_the_list_and_the_action_ran_once(admin, koen, target):
    response = admin.post(f"/users/{koen.id}/block", data={"next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/users/"
    assert Account.get_by_id(koen.id).blocked


def test_a_next_with_a_line_break_after_sign_in_goes_to_the_start_page(client, bucom):
    make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens")
    response = client.post("/login?next=/users/%0d%0aX:%20y",
                           data={"username": "els.janssens", "password": "Test-Wachtwoord-2026",
                                 "portal": "enterprise"})
    assert response.status_code == 303 and "\n" not in response.headers["Location"]


# -- bodies over 1 MB -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/users/new", "/users/{id}/block", "/users/bulk?action=block&user={id}",
                                  "/users/{id}/profile"])
def test_a_body_over_a_megabyte_is_a_413_with_our_headers(admin, koen, path):
    response = admin.post(path.format(id=koen.id), data={"first_name": "a" * (MEGABYTE + 10)})
    assert response.status_code == 413
    assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert "te groot" in response.get_data(as_text=True)
    assert not Account.get_by_id(koen.id).blocked


def test_a_413_for_htmx_is_a_message(admin, koen):
    response = admin.post(f"/users/{koen.id}/block", data={"x": "a" * (MEGABYTE + 10)},
                          headers={"HX-Request": "true"})
    assert response.status_code == 413 and response.headers["HX-Retarget"] == "#messages"
    # a message swapped into the page: the page's own headers rule it (web.security.DOCUMENT_ONLY)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Frame-Options" not in response.headers


# -- every error page carries the security headers --------------------------------------------

ERROR_CODES = [400, 403, 404, 405, 409, 413, 422, 429, 500, 503]


@pytest.mark.parametrize("code", ERROR_CODES)
@pytest.mark.parametrize("htmx", [False, True])
def test_every_error_page_carries_the_security_headers(app, code, htmx):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/_test/error")
    def fail():
        if code == 500:
            raise RuntimeError("a bug")
        abort(code)

    response = app.test_client().get("/_test/error", headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == code
    for name, value in HEADERS.items():
        if htmx and name in DOCUMENT_ONLY:
            # swapped into a page, never opened as a document: the page's headers rule it
            assert name not in response.headers, (code, name)
        else:
            assert response.headers[name] == value, (code, name)
    assert response.mimetype == "text/html" and "Traceback" not in response.get_data(as_text=True)


def test_an_unreachable_database_is_a_503_with_a_message(app):
    from peewee import OperationalError

    @app.get("/_test/outage")
    def outage():
        raise OperationalError(Exception("could not connect to server: Connection refused"))

    response = app.test_client().get("/_test/outage")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.headers["Content-Security-Policy"]
    assert "tijdelijk" in response.get_data(as_text=True) or "unavailable" in response.get_data(as_text=True)


def test_a_signed_in_person_gets_the_503_page_when_the_database_goes_down(app, monkeypatch):
    # seen in the soak (bench/soak.py --postgresql --faults): with PostgreSQL stopped, the 503 page
    # looked the person up again to render its header, failed again, and gunicorn answered a bare 500
    from peewee import OperationalError

    from domain import sessions
    from tests.factories import PASSWORD, make_account, make_enterprise

    make_account(make_enterprise(), username="koen.jansen")
    client = app.test_client()
    client.post("/login", data={"username": "koen.jansen", "password": PASSWORD, "portal": "enterprise"})

    def down(token):
        raise OperationalError(Exception("the database system is shutting down"))

    monkeypatch.setattr(sessions, "resume", down)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get("/account/details", headers=headers)
        assert response.status_code == 503 and response.headers["Retry-After"] == "30"
        assert "tijdelijk niet beschikbaar" in response.get_data(as_text=True)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert bool(response.headers.get("Content-Security-Policy")) == (not headers)


def test_a_405_carries_the_security_headers(client):
    response = client.delete("/login")
    assert response.status_code == 405 and response.headers["Content-Security-Policy"]


# -- found by the property tests (tests/test_fuzz.py) ----------------------------------------------

def test_a_password_longer_than_zxcvbn_rates_is_checked_not_a_500(app):
    from domain.passwords import check_password

    long_one = "Zeven blauwe olifanten dansen op het dak " * 5
    assert check_password(long_one) == long_one
    with pytest.raises(Exception) as refused:
        check_password("a" * 10_000)
    assert type(refused.value).__name__ == "Refused"


def test_a_customer_number_of_spaces_is_no_500(client, auth):
    operator, user = operator_with_user("BUCOM NL", profile="stts1", username="stts1.user")
    auth.login("stts1.user")
    response = client.post("/stts/dossiers/new", data={"customer_number": "   ", "token": "t"},
                           headers={"HX-Request": "true", "X-Validate-Field": "customer_number"})
    assert response.status_code < 500
    assert client.post("/stts/dossiers/new", data={"customer_number": "   ", "token": "t"}).status_code == 422


@pytest.mark.parametrize("where", ["query", "form", "key"])
def test_a_nul_byte_anywhere_is_a_400_before_anything_runs(admin, koen, where):
    """PostgreSQL refuses NUL in a string literal (a 500 from the driver): refused up front."""
    if where == "query":
        response = admin.get("/users/search", query_string={"name": "jans\x00"})
    elif where == "key":
        response = admin.get("/users/search", query_string={"na\x00me": "jans"})
    else:
        response = admin.post(f"/users/{koen.id}/block", data={"next": "/users/", "x": "\x00"})
    assert response.status_code == 400
    assert response.headers["Content-Security-Policy"] == HEADERS["Content-Security-Policy"]
    assert not Account.get_by_id(koen.id).blocked
    assert admin.post("/login", data={"username": "els\x00", "password": "x", "portal": "enterprise"}
                      ).status_code == 400
