"""Per-address rate limits (Flask-Limiter): sign-in, filing an access request, ticket look-ups,
eligibility look-ups and the XML channel; 429 with Retry-After, in the visitor's language, with the
security headers; one store (Redis) shared by several app processes. The other tests run without
limits (RATELIMIT_ENABLED is off in their app)."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from app import create_app
from db.applications import STTS
from tests.channel_data import basic, registered_operator
from tests.factories import PASSWORD, make_access_request, make_account, make_enterprise
from tests.helpers import text

ROOT = Path(__file__).resolve().parent.parent
LOW_LIMITS = {"LOGIN_RATE_LIMIT": "3 per minute", "ACCESS_REQUEST_RATE_LIMIT": "1 per hour",
              "TICKET_LOOKUP_RATE_LIMIT": "2 per minute", "ELIGIBILITY_RATE_LIMIT": "2 per minute",
              "CHANNEL_RATE_LIMIT": "2 per minute"}


@pytest.fixture
def limited(app, database_url):
    """A client of an app with its limits on, and low."""
    limited_app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                              "DEMO": False, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                              "RATELIMIT_STORAGE_URI": "memory://", **LOW_LIMITS})
    return limited_app.test_client()


def sign_in(client, username="els.janssens", password="wrong-password", address="203.0.113.5", **headers):
    return client.post("/login", data={"username": username, "password": password, "portal": "enterprise"},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def assert_too_many(response, htmx=False):
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 3601
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # a message htmx swaps into the page lives under the page's policy (web.security.DOCUMENT_ONLY)
    assert ("Content-Security-Policy" not in response.headers if htmx
            else "default-src 'self'" in response.headers["Content-Security-Policy"])


def test_sign_ins_are_limited_per_address(limited):
    for _ in range(3):
        assert sign_in(limited).status_code == 401
    response = sign_in(limited)
    assert_too_many(response)
    assert "Te veel pogingen. Wacht even en probeer het opnieuw." in text(response)
    assert 0 < int(response.headers["Retry-After"]) <= 61
    # another address is not held back
    assert sign_in(limited, address="198.51.100.9").status_code == 401


def test_the_limit_page_speaks_the_visitors_language_and_htmx_gets_the_message(limited):
    for _ in range(3):
        sign_in(limited)
    french = sign_in(limited, **{"Accept-Language": "fr"})
    assert "Trop de tentatives" in text(french)
    htmx = sign_in(limited, **{"HX-Request": "true"})
    assert_too_many(htmx, htmx=True)
    assert htmx.headers["HX-Retarget"] == "#messages" and "<html" not in htmx.text


def test_filing_access_requests_is_limited_but_not_the_steps(limited):
    from tests.test_onboarding import ENTERPRISE, RequestForm

    first = RequestForm(limited)
    first.fill(enterprise={**ENTERPRISE, "kbo_number": "0721.435.619"})
    assert first.register().status_code == 303
    second = RequestForm(limited)
    # the steps go on (they file nothing)
    overview = second.fill(enterprise={**ENTERPRISE, "kbo_number": make_enterprise_number()})
    assert overview.status_code == 200
    assert_too_many(second.register())


def make_enterprise_number():
    from tests.factories import enterprise_number

    return enterprise_number()


def test_ticket_lookups_are_limited(limited):
    filed = make_access_request()
    for _ in range(2):
        assert limited.post("/onboarding/status", data={"ticket": filed.ticket}).status_code == 200
    assert_too_many(limited.post("/onboarding/status", data={"ticket": filed.ticket}))


def test_eligibility_lookups_are_limited(limited):
    operator = make_enterprise(name="BUCOM NL")
    make_account(operator, username="stts1.demo", stts_profile="stts1", applications=[STTS])
    assert sign_in(limited, "stts1.demo", PASSWORD).status_code == 303
    lookup = {"national_number": "40.01.15-123.80"}
    headers = {"X-Validate-Field": "national_number", "HX-Request": "true"}
    for _ in range(2):
        assert limited.post("/stts/dossiers/new", data=lookup, headers=headers,
                            environ_base={"REMOTE_ADDR": "203.0.113.5"}).status_code != 429
    assert_too_many(limited.post("/stts/dossiers/new", data=lookup,
                                 environ_base={"REMOTE_ADDR": "203.0.113.5"}))


def test_the_xml_channel_is_limited_and_answers_in_xml(limited):
    registered_operator()
    for _ in range(2):
        assert limited.get("/exchange/feed", headers=basic()).status_code == 200
    response = limited.get("/exchange/feed", headers=basic())
    assert_too_many(response)
    assert response.mimetype == "application/xml" and b"TOO_MANY_REQUESTS" in response.data
    # the messages endpoint shares the channel's limit
    assert limited.post("/exchange/messages", data=b"<x/>", content_type="application/xml",
                        headers=basic()).status_code == 429


def test_the_other_tests_run_without_limits(client):
    for _ in range(40):
        assert sign_in(client).status_code == 401


# -- several processes, one store -------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port, path="/static/app.css", attempts=150):
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answers on port {port}")


class Browser:
    """One browser (one cookie jar, one address) that talks to any of the processes: they share the
    secret key, so the login form's token from one is good at the other."""

    def __init__(self, port):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with self.opener.open(f"http://127.0.0.1:{port}/login", timeout=10) as answer:
            page = answer.read().decode()
        self.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)

    def sign_in(self, port):
        data = urllib.parse.urlencode({"username": "nobody.here", "password": "wrong-password",
                                       "portal": "enterprise", "csrf_token": self.token}).encode()
        try:
            with self.opener.open(f"http://127.0.0.1:{port}/login", data=data, timeout=10) as answer:
                return answer.status, answer.headers
        except urllib.error.HTTPError as error:
            return error.code, error.headers


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def start_processes(tmp_path, storage, count=2):
    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    environ = {**os.environ, "DATABASE_URL": database, "STTS_DEMO": "0", "SECRET_KEY": "test-secret",
               "STTS_RATELIMIT_STORAGE": storage, "STTS_LOGIN_RATE_LIMIT": "4 per minute"}
    flask = str(Path(sys.executable).parent / "flask")
    subprocess.run([flask, "--app", "app", "init-db"], cwd=ROOT, env=environ, check=True,
                   stdout=subprocess.DEVNULL)
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    ports = [free_port() for _ in range(count)]
    processes = [subprocess.Popen([gunicorn, "-b", f"127.0.0.1:{port}", "-w", "1", "app:create_app()"],
                                  cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for port in ports]
    for port in ports:
        wait_for(port)
    return ports, processes


def stop(processes):
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=10)


def test_two_app_processes_share_the_limit_in_redis(tmp_path, redis_url):
    ports, processes = start_processes(tmp_path, redis_url)
    try:
        browser = Browser(ports[0])
        # four attempts in all, two on each process, fill the limit of one address
        assert [browser.sign_in(port)[0] for port in ports * 2] == [401] * 4
        for port in ports:
            status, headers = browser.sign_in(port)
            assert status == 429 and int(headers["Retry-After"]) > 0
    finally:
        stop(processes)


def test_with_memory_storage_each_process_counts_alone(tmp_path):
    # why several processes need Redis: each process's memory counts only its own requests
    ports, processes = start_processes(tmp_path, "memory://")
    try:
        # six attempts from one address: over the limit of 4 in all, but not on either process
        browser = Browser(ports[0])
        assert [browser.sign_in(port)[0] for port in ports * 3] == [401] * 6
    finally:
        stop(processes)
