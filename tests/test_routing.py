"""The Routing Module: 'Algemene inlichtingen' and 'Consulteren of wijzigen'."""

import pytest

from db.accounts import Role
from db.applications import Application
from db.audit import AuditEvent
from db.enterprises import Enterprise
from db.exchange import Authentication
from db.routing import Destination, RoutingRule
from domain import exchange, routing
from domain.refusals import Refused, StaleData
from tests.factories import admin_of, make_account, make_enterprise
from tests.helpers import form_values, text


@pytest.fixture
def enterprise(app):
    return make_enterprise(name="BUCOM NL")


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                        last_name="Janssens")


@pytest.fixture
def signed_in(client, auth, admin):
    auth.login("els.janssens")
    return client


def application(code):
    return Application.get(Application.code == code)


def route(client, code, destination, email="", version=None, **headers):
    if version is None:
        rule = RoutingRule.get_or_none(RoutingRule.application == application(code))
        version = rule.version if rule else 0
    return client.post(f"/routing/settings/{code}", headers=headers,
                       data={"destination": destination, "email": email, "version": version})


def register_channel(enterprise, *codes):
    sender = make_account(enterprise, username=f"xml.sender.{enterprise.id}")
    exchange.register(admin_of(enterprise), sender_id=sender.id, authentication=Authentication.PASSWORD,
                      application_codes=list(codes), version=0)
    return sender


# -- domain ----------------------------------------------------------------------------------------------


def test_without_rules_everything_goes_to_the_web_task_list(enterprise):
    table = routing.routing_table(enterprise)
    assert [r.application.code for r in table] == [a.code for a in Application.catalogue()]
    assert {(r.destination, r.email, r.version) for r in table} == {(Destination.TASK_LIST, None, 0)}


def test_a_rule_of_another_enterprise_does_not_show(enterprise):
    routing.change_route(admin_of(make_enterprise()), application("ebox"), destination=Destination.EMAIL,
                         email="them@example.be", version=0)
    assert {r.destination for r in routing.routing_table(enterprise)} == {Destination.TASK_LIST}


def test_changing_a_route_twice_from_the_same_form_is_stale(enterprise):
    routing.change_route(admin_of(enterprise), application("ebox"), destination=Destination.EMAIL,
                         email="a@example.be", version=0)
    with pytest.raises(StaleData):
        routing.change_route(admin_of(enterprise), application("ebox"), destination=Destination.EMAIL,
                             email="b@example.be", version=0)
    assert routing.route_of(enterprise, application("ebox")).email == "a@example.be"


def test_the_domain_checks_the_address_too(enterprise):
    with pytest.raises(Refused) as refusal:
        routing.change_route(admin_of(enterprise), application("ebox"), destination=Destination.EMAIL,
                             email="nope", version=0)
    assert refusal.value.field == "email"


# -- 'Algemene inlichtingen' --------------------------------------------------------------------------------


def test_general_information_explains_the_three_destinations(signed_in):
    page = text(signed_in.get("/routing/"))
    assert "<h1>Routing Module: algemene inlichtingen</h1>" in page
    for destination in ("De takenlijst op het web", "Het kanaal voor gestructureerde berichten",
                        "Een e-mailadres"):
        assert destination in page
    assert 'href="/routing/settings"' in page


# -- 'Consulteren of wijzigen' --------------------------------------------------------------------------


def test_the_table_lists_every_application_and_where_it_goes(signed_in):
    page = text(signed_in.get("/routing/settings"))
    assert "<h1>Routing Module: consulteren of wijzigen</h1>" in page
    assert page.count("De takenlijst op het web") == Application.catalogue().count()
    assert '<th scope="row">e-Box</th>' in page
    assert 'href="/routing/settings/ebox"' in page


def test_the_edit_link_works_without_javascript_and_as_a_partial(signed_in):
    full = text(signed_in.get("/routing/settings/ebox"))
    assert "<html" in full and 'action="/routing/settings/ebox"' in full
    partial = text(signed_in.get("/routing/settings/ebox", headers={"HX-Request": "true"}))
    assert "<html" not in partial and partial.startswith('<div id="routing">')
    assert 'action="/routing/settings/ebox"' in partial
    assert "autofocus" in partial


def test_sending_an_application_to_an_email_address(signed_in, enterprise, admin):
    response = route(signed_in, "ebox", Destination.EMAIL, " backoffice@bucom.be ")
    assert response.status_code == 303
    assert response.headers["Location"] == "/routing/settings?saved=ebox"
    page = text(signed_in.get(response.headers["Location"]))
    assert "De Routing Module werd opgeslagen voor e-Box." in page
    assert "Een e-mailadres: backoffice@bucom.be" in page
    rule = RoutingRule.of_enterprise(enterprise).get()
    assert (rule.destination, rule.email, rule.version) == (Destination.EMAIL, "backoffice@bucom.be", 1)
    event = AuditEvent.of_enterprise(enterprise).get()
    assert (event.action, event.actor_id) == ("routing.changed", admin.id)
    assert event.change_dict == {"application": "ebox", "destination": ["task_list", "email"],
                                 "email": [None, "backoffice@bucom.be"]}


def test_changing_it_again_raises_the_version(signed_in, enterprise):
    route(signed_in, "ebox", Destination.EMAIL, "a@bucom.be")
    assert route(signed_in, "ebox", Destination.TASK_LIST).status_code == 303
    rule = RoutingRule.of_enterprise(enterprise).get()
    assert (rule.destination, rule.email, rule.version) == (Destination.TASK_LIST, None, 2)


def test_htmx_gets_the_table_back_with_the_message_for_the_live_region(signed_in):
    response = route(signed_in, "ebox", Destination.EMAIL, "a@bucom.be", **{"HX-Request": "true"})
    table = text(signed_in.get(response.headers["Location"], headers={"HX-Request": "true"}))
    assert table.startswith('<div id="routing">')
    assert '<hx-partial hx-target="#messages"' in table and "werd opgeslagen voor e-Box" in table
    # focus returns to the line that was changed
    assert 'href="/routing/settings/ebox" hx-get="/routing/settings/ebox" hx-target="#routing" ' \
           'hx-swap="outerHTML" autofocus' in table


@pytest.mark.parametrize(
    ("email", "message"),
    [("", "Geef het e-mailadres in waarnaar de berichten en taken gaan."),
     ("backoffice.bucom.be", "Dit is geen geldig e-mailadres")],
)
def test_an_email_destination_needs_a_valid_address(signed_in, enterprise, email, message):
    response = route(signed_in, "ebox", Destination.EMAIL, email)
    assert response.status_code == 422
    page = text(response)
    assert message in page and 'id="email-error"' in page
    assert not RoutingRule.of_enterprise(enterprise).exists()
    assert not AuditEvent.of_enterprise(enterprise).exists()


def test_the_refusal_speaks_german_to_a_german_speaker(signed_in, admin):
    admin.language = "de"
    admin.save()
    assert "Dies ist keine gültige E-Mail-Adresse" in text(route(signed_in, "ebox", Destination.EMAIL, "x"))


def test_an_address_is_forgotten_when_another_destination_is_chosen(signed_in, enterprise):
    route(signed_in, "ebox", Destination.TASK_LIST, "left@over.be")
    assert not RoutingRule.of_enterprise(enterprise).exists()  # the default: nothing to store


def test_the_channel_must_be_registered_for_the_application_first(signed_in, enterprise):
    response = route(signed_in, "ebox", Destination.STRUCTURED_MESSAGES)
    assert response.status_code == 422
    assert "is niet geregistreerd voor deze toepassing" in text(response)
    register_channel(enterprise, "ebox")
    assert route(signed_in, "ebox", Destination.STRUCTURED_MESSAGES).status_code == 303
    assert RoutingRule.of_enterprise(enterprise).get().destination == Destination.STRUCTURED_MESSAGES


def test_a_channel_that_stopped_working_is_pointed_out(signed_in, enterprise):
    sender = register_channel(enterprise, "ebox")
    route(signed_in, "ebox", Destination.STRUCTURED_MESSAGES)
    sender.delete_instance()
    page = text(signed_in.get("/routing/settings"))
    assert "Het kanaal voor gestructureerde berichten werkt nu niet:" in page
    assert "Er is geen technische afzender" in page


def test_an_unknown_destination_is_refused(signed_in):
    response = route(signed_in, "ebox", "carrier-pigeon")
    assert response.status_code == 422


def test_a_stale_form_does_not_overwrite_a_newer_change(signed_in, enterprise):
    route(signed_in, "ebox", Destination.EMAIL, "first@bucom.be")
    response = route(signed_in, "ebox", Destination.EMAIL, "second@bucom.be", version=0)
    assert response.status_code == 409
    page = text(response)
    assert "Deze gegevens werden intussen gewijzigd" in page
    assert 'value="first@bucom.be"' in page and "U typte: second@bucom.be" in page
    assert RoutingRule.of_enterprise(enterprise).get().email == "first@bucom.be"
    url = "/routing/settings/ebox"
    assert signed_in.post(url, data=form_values(response, url)).status_code == 303
    assert RoutingRule.of_enterprise(enterprise).get().email == "first@bucom.be"


def test_posting_the_same_route_twice_changes_once(signed_in, enterprise):
    route(signed_in, "ebox", Destination.EMAIL, "a@bucom.be")
    assert route(signed_in, "ebox", Destination.EMAIL, "a@bucom.be", version=0).status_code == 303
    assert AuditEvent.of_enterprise(enterprise).count() == 1


def test_an_unknown_application_is_not_found(signed_in):
    assert signed_in.get("/routing/settings/nothing").status_code == 404
    assert route(signed_in, "nothing", Destination.TASK_LIST, version=0).status_code == 404


@pytest.mark.parametrize("path", ["/routing/", "/routing/settings", "/routing/settings/ebox"])
def test_plain_users_may_not_use_the_routing_module(client, auth, enterprise, path):
    make_account(enterprise, username="plain.user")
    auth.login("plain.user")
    assert client.get(path).status_code == 403
    assert route(client, "ebox", Destination.TASK_LIST, version=0).status_code == 403


def test_the_demo_announces_bucoms_e_box_by_email(demo):
    bucom = Enterprise.by_number(kbo_number="0566988259")
    assert routing.route_of(bucom, application("ebox")).email == "backoffice@bucom.example"
