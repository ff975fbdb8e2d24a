"""Headers and cookies: HSTS over HTTPS (also behind the trusted proxy), Secure cookies with
STTS_SECURE_COOKIES=1, a loud warning when served over plain HTTP beyond this machine, and no
server name or version in the Server header (Werkzeug's server, gunicorn)."""

import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

import config
from app import create_app
from tests.factories import PASSWORD, make_account, make_enterprise
from web.security import warn_at_start_up

ROOT = Path(__file__).resolve().parent.parent


def an_app(database_url, **settings):
    return create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                       "DEMO": False, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, **settings})


def test_hsts_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://stts.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=63072000")


def test_hsts_behind_the_trusted_proxy_only(app, database_url):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.7"}
    assert "Strict-Transport-Security" not in app.test_client().get("/login", headers=forwarded).headers
    behind_proxy = an_app(database_url, TRUSTED_PROXIES=1)
    assert "Strict-Transport-Security" in behind_proxy.test_client().get("/login", headers=forwarded).headers


def test_hsts_is_on_error_pages_too(client):
    response = client.get("/no-such-page", base_url="https://stts.example")
    assert response.status_code == 404 and "Strict-Transport-Security" in response.headers


def test_cookies_are_secure_with_stts_secure_cookies(app, database_url):
    settings = config.from_environment({"STTS_SECURE_COOKIES": "1"})
    app = an_app(database_url, SESSION_COOKIE_SECURE=settings["SESSION_COOKIE_SECURE"])
    make_account(make_enterprise(), username="els.janssens")
    client = app.test_client()
    response = client.post("/login", data={"username": "els.janssens", "password": PASSWORD,
                                           "portal": "enterprise"}, base_url="https://stts.example")
    assert "; Secure" in response.headers["Set-Cookie"]
    language = client.post("/language", data={"lang": "fr"}, base_url="https://stts.example")
    assert all("; Secure" in cookie for cookie in language.headers.getlist("Set-Cookie"))


def test_cookies_are_not_secure_by_default(client):
    make_account(make_enterprise(), username="els.janssens")
    response = client.post("/login", data={"username": "els.janssens", "password": PASSWORD,
                                           "portal": "enterprise"})
    assert "Secure" not in response.headers["Set-Cookie"]


@pytest.mark.parametrize(("environ", "warned"), [
    ({"HOST": "0.0.0.0"}, True),
    ({"GUNICORN_CMD_ARGS": "--bind 0.0.0.0:8000 -w 4"}, True),
    ({"HOST": "192.0.2.10"}, True),
    ({"HOST": "127.0.0.1"}, False),
    ({"GUNICORN_CMD_ARGS": "-b 127.0.0.1:8000"}, False),
    ({}, False),
])
def test_a_loud_warning_at_start_up_when_reachable_without_https(caplog, environ, warned):
    with caplog.at_level(logging.WARNING, logger="web.security"):
        assert warn_at_start_up({"SESSION_COOKIE_SECURE": False}, environ) is warned
    assert ("plain HTTP" in caplog.text) is warned


def test_no_warning_with_secure_cookies(caplog):
    assert warn_at_start_up({"SESSION_COOKIE_SECURE": True}, {"HOST": "0.0.0.0"}) is False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_development_server_shows_no_version(app):
    server = make_server("127.0.0.1", free_port(), app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/static/app.css") as answer:
            assert answer.headers.get_all("Server") == ["STTS"]
    finally:
        server.shutdown()


def test_gunicorn_shows_no_version(tmp_path):
    port = free_port()
    environ = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "STTS_DEMO": "0",
               "SECRET_KEY": "test-secret"}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-b", f"127.0.0.1:{port}", "-w", "1",
         "app:create_app()"],
        cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        headers = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/app.css", timeout=2) as answer:
                    headers = answer.headers
                break
            except OSError:
                time.sleep(0.1)
        assert headers is not None, "gunicorn did not start"
        assert headers.get_all("Server") == ["STTS"]
    finally:
        process.terminate()
        process.wait(timeout=10)
