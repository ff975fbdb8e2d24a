"""Names and free text refuse control characters and bidi overrides (one rule, domain.free_text),
at the field, in the user's language, through the screens and the XML channel; the CSV export
neutralises every formula prefix."""

import csv
import io

import pytest

from db.access_requests import AccessRequest, RejectionReason
from db.accounts import Account, Role
from db.dossiers import Dossier
from domain import free_text, onboarding, users
from domain.refusals import Refused
from tests.channel_data import NS, message, parsed, post_message, registered_operator, request_record
from tests.factories import (
    access_request_fields,
    act,
    make_access_request,
    make_account,
    make_enterprise,
    national_number,
)
from tests.helpers import form_token, text
from tests.stts_data import operator_with_user, person

HOSTILE = ["Jan\x00", "Jan\nPeeters", "Jan\r", "\x1b[31mJan", "Jan\u202eexe.pdf", "\u2066Jan\u2069",
           "Jan\u202a", "Jan\u2028", "Jan\x85", "Jan\x7f"]
FINE = ["Élodie", "D'Hondt", "Müller-Lüdenscheidt", "محمد", "李", "Jan 🙂", "O\u2019Neil"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_single_line_refuses_controls_and_direction_overrides(value):
    with pytest.raises(Refused) as refused:
        free_text.single_line(value, "last_name")
    assert refused.value.field == "last_name"


@pytest.mark.parametrize("value", FINE)
def test_names_of_every_script_pass(value):
    assert free_text.single_line(value, "last_name") == value
    assert free_text.multi_line(value + "\nline two\ttab", "note")


@pytest.mark.parametrize("value", ["a\x00b", "a\u202eb", "a\x1bb", "a\u2067b"])
def test_a_multi_line_text_refuses_the_rest(value):
    with pytest.raises(Refused):
        free_text.multi_line(value, "note")


# -- the screens ----------------------------------------------------------------------------------

@pytest.fixture
def bucom(app):
    return make_enterprise(name="BUCOM NL", language="nl")


@pytest.fixture
def admin(client, auth, bucom):
    make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens")
    auth.login("els.janssens")
    return client


def new_user(**overrides):
    return {"first_name": "Pieter", "last_name": "Desmet", "national_number": national_number(),
            "email": "pieter@bucom.be", "language": "nl", "username": "pieter.desmet",
            "repeat_username": "pieter.desmet", **overrides}


@pytest.mark.parametrize(("field", "value", "says"), [
    ("last_name", "Desmet\u202e", "richting van de tekst"),
    ("first_name", "Pie\x1bter", "controletekens"),
    ("last_name", "Des\r\nmet", "controletekens"),
])
def test_a_new_user_with_a_hostile_name_is_refused_at_the_field_and_keeps_what_was_typed(
        admin, field, value, says):
    token = form_token(admin, "/users/new")
    response = admin.post("/users/new", data=new_user(form_token=token, **{field: value}))
    assert response.status_code == 422
    assert says in text(response)
    assert not Account.select().where(Account.username == "pieter.desmet").exists()


def test_the_domain_refuses_it_whatever_calls_it(bucom):
    actor = act(make_account(bucom, role=Role.LOCAL_ADMIN))
    with pytest.raises(Refused) as refused:
        users.create_user(actor, first_name="Pieter", last_name="De\u202eSmet",
                          national_number=national_number(), email="p@bucom.be", language="nl",
                          username="pieter.x")
    assert refused.value.field == "last_name"


def test_a_refusal_speaks_french_to_a_french_user(client, auth):
    telco = make_enterprise(name="TELCO SUD SA", language="fr")
    make_account(telco, role=Role.LOCAL_ADMIN, username="marie.dubois", language="fr")
    auth.login("marie.dubois")
    response = client.post("/users/new", data=new_user(last_name="Dupont\u202e", language="fr",
                                                       form_token=form_token(client, "/users/new")))
    assert response.status_code == 422 and "direction du texte" in text(response)


def test_a_dossier_with_a_hostile_name_or_street_is_refused(client, auth):
    operator, _user = operator_with_user("BUCOM NL", profile="stts1", username="stts1.user")
    auth.login("stts1.user")
    # the names come from the register (issue 11): what is typed is the address
    for field, value in (("street", "Meir\x1b12"), ("street", "Meir\n12"), ("city", "\u202eAntwerpen")):
        response = client.post("/stts/dossiers/new", data={
            "national_number": person(), "last_name": "Peeters", "first_name": "Maria", "street": "Meir 12",
            "postcode": "2000", "city": "Antwerpen", "language": "nl", "category": "age_65",
            "formula": "fixed", "customer_number": "bc-1001", "line_number": "03 201 23 45",
            "token": f"form-{field}-{len(value)}", field: value})
        assert response.status_code == 422, field
    assert not Dossier.of_operator(operator).exists()


def test_the_xml_channel_refuses_the_same(client, app):
    operator, _sender = registered_operator()
    body = message(operator, [request_record(1, person(), street="Meir\u202e 12"),
                              request_record(2, person(), city="Ant\u2028werpen")])
    ack = parsed(post_message(client, body))
    refusals = ack.findall("s:records/s:record/s:refusal", NS)
    assert [r.get("field") for r in refusals] == ["street", "city"]
    assert "richting van de tekst" in refusals[0].text
    assert not Dossier.of_operator(operator).exists()


def test_an_access_request_with_a_hostile_name_is_refused(app):
    with pytest.raises(Refused) as refused:
        make_access_request(admin_last_name="Peeters\u202e")
    assert refused.value.field == "admin_last_name"
    with pytest.raises(Refused):
        make_access_request(enterprise_name="NOVA\nTELECOM")
    assert not AccessRequest.select().exists()
    assert access_request_fields()  # the ordinary one passes (tests/test_onboarding.py)


def test_the_onboarding_steps_say_it_at_the_field(client):
    from tests.test_onboarding import ENTERPRISE, RequestForm

    form = RequestForm(client)
    response = form.post("enterprise", **{**ENTERPRISE, "enterprise_name": "NOVA\x1bTELECOM"})
    assert response.status_code == 422 and "controletekens" in text(response)
    form.post("enterprise", **ENTERPRISE)
    response = form.post("admin", admin_last_name="Pee\u202eters", admin_first_name="Sofie")
    assert response.status_code == 422 and "richting van de tekst" in text(response)


def test_a_rejection_note_may_have_lines_but_no_override(app):
    officer = make_account(role=Role.OFFICER, username="rsz.officer")
    filed = make_access_request()
    with pytest.raises(Refused) as refused:
        onboarding.reject(act(officer), filed, RejectionReason.NOT_ORIGINAL, "not \u202esigned")
    assert refused.value.field == "note"
    onboarding.reject(act(officer), filed, RejectionReason.NOT_ORIGINAL, "line one\nline two")
    assert AccessRequest.get_by_id(filed.id).rejection_note == "line one\nline two"


# -- the CSV export -----------------------------------------------------------------------------

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "|calc", "\uff1d1+1", "\uff0b1", "\uff0d1",
            "\uff20SUM", " =1+1"]


def test_the_export_neutralises_every_formula_prefix(admin, bucom):
    for index, value in enumerate(FORMULAS):
        Account.insert(enterprise=bucom, role=Role.USER, username=f"formula{index}", first_name="F",
                       last_name=value, national_number=national_number(), password_hash="x",
                       language="nl", first_name_key="f", last_name_key=f"formula {index}").execute()
    response = admin.get("/users/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    last_names = {row[2]: row[0] for row in rows[1:]}
    for index, value in enumerate(FORMULAS):
        assert last_names[f"formula{index}"] == "'" + value, value
