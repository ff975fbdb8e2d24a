"""Every route states who may use it: nothing but the public pages answers a visitor who is not
signed in. A new route without an access decorator fails here."""

import pytest
from werkzeug.routing import IntegerConverter

from app import create_app

PUBLIC = {
    "static",
    "public.home",
    "public.employers",
    "public.sitemap",
    "public.about",
    "public.contact",
    "auth.login",
    "auth.language",
    "onboarding.how_to_register",
    "onboarding.electronic_form",
    "onboarding.access_request",
    "onboarding.confirmation",
    "onboarding.status",
    "channel.schema",
    "invitations.accept",
}
# the structured-message channel's machine routes: the technical sender's credentials, never a
# session; a visitor gets an XML error (tests/test_channel.py)
MACHINE = {"channel.receive", "channel.poll"}


def guarded_routes():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite:///:memory:"})
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC or rule.endpoint in MACHINE:
            continue
        values = {name: 1 if _is_int(rule, name) else "x" for name in rule.arguments}
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield pytest.param(rule, values, method, id=f"{method} {rule.rule}")


def _is_int(rule, name):
    converter = rule._converters.get(name)
    return isinstance(converter, IntegerConverter)


@pytest.mark.parametrize(("rule", "values", "method"), list(guarded_routes()))
def test_a_visitor_is_sent_to_sign_in(client, rule, values, method):
    url = rule.build(values)[1]
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize(("method", "url"), [("POST", "/exchange/messages"), ("GET", "/exchange/feed")])
def test_a_machine_route_answers_a_visitor_with_an_xml_401(client, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 401
    assert response.mimetype == "application/xml"
    assert b"<code>UNAUTHENTICATED</code>" in response.data
