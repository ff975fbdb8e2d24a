"""The page frame: security headers, page-or-partial answers, errors, static files."""

import hashlib
import re
from pathlib import Path

import pytest
from flask import Blueprint

from tests.helpers import text
from web.rendering import render

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_every_page_has_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_a_swapped_part_leaves_the_documents_headers_to_its_page(client):
    """An htmx partial is never opened as a document: it keeps nosniff and no-store, not the 300
    bytes of what only a document reads; the same address asked for as a page has them all."""
    partial = client.get("/login", headers={"HX-Request": "true"})
    assert partial.headers["X-Content-Type-Options"] == "nosniff"
    assert partial.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" not in partial.headers and "X-Frame-Options" not in partial.headers
    page = client.get("/login", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


def test_pages_are_not_cached_and_vary_on_htmx(client):
    response = client.get("/login")
    assert response.headers["Cache-Control"] == "no-store"
    assert "HX-Request" in response.headers["Vary"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_templates_hold_no_inline_script_or_handlers():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", re.IGNORECASE)
    offenders = [str(p) for p in TEMPLATES.rglob("*.html") if inline.search(p.read_text())]
    assert offenders == []


def test_static_files_are_versioned_and_cached_for_a_year(client):
    page = client.get("/").text
    htmx_url = re.search(r'src="(/static/htmx\.min\.js\?v=[0-9a-f]{10})"', page).group(1)
    response = client.get(htmx_url)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]


# htmx.org 4.0.1, dist/htmx.min.js from the npm package (see README, "Why htmx 4")
HTMX_SHA256 = "a0abb04f2f45a1f89d1d4844023245537e5e6014c87b144553e0607b4cc32130"


def test_htmx_is_the_pinned_release():
    script = (TEMPLATES.parent / "static" / "htmx.min.js").read_bytes()
    assert b'this.version="4.0.1"' in script
    assert hashlib.sha256(script).hexdigest() == HTMX_SHA256


def test_text_is_compressed_for_browsers_that_accept_it(client):
    response = client.get("/static/htmx.min.js", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] == "br"


@pytest.fixture
def fragment_app(app):
    probe = Blueprint("probe", __name__)

    @probe.get("/probe/list")
    def listing():
        return render("errors/error.html", "errors/_message.html", code=200, message="the list")

    app.register_blueprint(probe)
    return app


def test_the_same_url_answers_a_full_page_or_a_partial(fragment_app, client):
    full = client.get("/probe/list")
    partial = client.get("/probe/list", headers={"HX-Request": "true"})
    assert "<html" in full.text and "the list" in full.text
    assert "<html" not in partial.text and "the list" in partial.text
    assert "HX-Request" in partial.headers["Vary"]


@pytest.mark.parametrize("header", ["HX-Boosted", "HX-History-Restore-Request"])
def test_boosted_and_history_requests_get_the_full_page(fragment_app, client, header):
    response = client.get("/probe/list", headers={"HX-Request": "true", header: "true"})
    assert "<html" in response.text


def test_unknown_pages_answer_404_in_the_visitors_language(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "de"})
    assert response.status_code == 404
    assert "Diese Seite existiert nicht" in text(response)


def test_an_unexpected_error_is_a_friendly_500(app, client):
    probe = Blueprint("probe", __name__)

    @probe.get("/probe/boom")
    def boom():
        raise RuntimeError("a bug")

    app.register_blueprint(probe)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/probe/boom")
    assert response.status_code == 500
    assert "Er ging bij ons iets mis" in text(response)
    assert "a bug" not in response.text


def test_every_page_has_a_skip_link_and_a_main_landmark(client):
    page = client.get("/").text
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert 'role="status" aria-live="polite"' in page
