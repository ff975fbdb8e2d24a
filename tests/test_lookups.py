"""Eligibility look-ups by STTS users leave an audit event: who asked about which national number,
when, and what the answer was, also when the request is then refused."""

import pytest

from db.audit import AuditEvent
from db.dossiers import Category, Dossier
from domain import dossiers
from domain.activity import recent_activity
from domain.eligibility import EligibilitySourceUnavailable, use_source
from domain.lookups import look_ups_of
from tests.factories import act, national_number
from tests.stts_data import operator_with_user, person, tariff_request


def request_form(number, token, **overrides):
    return {"national_number": number, "last_name": "Peeters", "first_name": "Maria", "street": "Meir 12",
            "postcode": "2000", "city": "Antwerpen", "language": "nl", "category": "age_65",
            "formula": "fixed", "customer_number": "bc-1001", "line_number": "03 201 23 45", "token": token,
            **overrides}


def test_a_refused_request_still_leaves_the_look_up_in_the_audit_log(client, auth, app):
    operator, user = operator_with_user("BUCOM NL", profile="stts1", username="stts1.user")
    auth.login("stts1.user")
    not_eligible = person(categories=())
    unknown = national_number()
    eligible = person(categories=(Category.DISABILITY,))
    assert client.post("/stts/dossiers/new", data=request_form(not_eligible, "t1")).status_code == 422
    assert client.post("/stts/dossiers/new", data=request_form(unknown, "t2")).status_code == 422
    assert client.post("/stts/dossiers/new", data=request_form(eligible, "t3", category="disability_66")
                       ).status_code == 303
    every = list(look_ups_of(operator))[::-1]
    # the form identifies the person first (issue 11), then the request asks about eligibility: two
    # look-ups, both traced; a number the register does not know goes no further than the first
    identifications = [e for e in every if e.change_dict["purpose"] == "identification"]
    assert [(e.actor_id, e.change_dict["national_number"], e.change_dict["answer"])
            for e in identifications] == [
        (user.id, not_eligible, "known"), (user.id, unknown, "unknown"), (user.id, eligible, "known")]
    events = [e for e in every if e.change_dict["purpose"] == "request"]
    assert [(e.actor_id, e.change_dict["national_number"], e.change_dict["answer"]) for e in events] == [
        (user.id, not_eligible, "known"), (user.id, eligible, "known")]
    assert events[0].change_dict["categories"] == [] and events[1].change_dict["categories"] == [
        "disability_66"]
    assert events[0].at is not None
    assert events[0].ip_address == "127.0.0.1"
    assert Dossier.of_operator(operator).count() == 1
    # not a change: the welcome page's recent changes leave look-ups out
    assert all(a.description != "Eligibility looked up" for a in recent_activity(operator, "en"))


def test_a_transfer_look_up_is_recorded_for_the_operator_who_asks(app):
    bucom, bucom_user = operator_with_user("BUCOM NL", profile="stts3")
    telco, telco_user = operator_with_user("TELCO SUD SA", profile="stts3")
    number = person()
    dossiers.request_tariff(act(telco_user), tariff_request(number))
    with pytest.raises(dossiers.Refused):  # awaiting activation at TELCO: refused, and still asked
        dossiers.transfer(act(bucom_user), number, "03 201 23 45")
    event = look_ups_of(bucom).get()
    assert (event.actor_id, event.change_dict["purpose"], event.change_dict["national_number"]) == (
        bucom_user.id, "transfer", number)
    assert look_ups_of(telco).count() == 1  # TELCO's own request, not BUCOM's question


def test_an_unavailable_source_is_recorded_too(app):
    operator, user = operator_with_user("BUCOM NL", profile="stts1")

    class Down:
        def lookup(self, national_number):
            raise EligibilitySourceUnavailable()

        def lookup_many(self, national_numbers):
            raise EligibilitySourceUnavailable()

    old = use_source(Down())
    try:
        dossiers.request_tariff(act(user), tariff_request(national_number()))
    finally:
        use_source(old)
    assert look_ups_of(operator).get().change_dict["answer"] == "unavailable"
    assert AuditEvent.select().where(AuditEvent.action == "eligibility.looked_up").count() == 1
