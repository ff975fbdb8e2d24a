"""The structured-message channel over HTTP: POST /exchange/messages as the technical sender, each
record through the screens' rules, idempotent, and every bad input a structured XML error."""

import threading
import time
from datetime import timedelta

import pytest
from lxml import etree

from db.accounts import Account
from db.audit import AuditEvent
from db.certificates import Certificate
from db.dossiers import Dossier, DossierAction, Status
from db.exchange import Authentication, ExchangeRegistration
from db.messages import MessageRecord, MessageStatus, ReceivedMessage
from domain import certificates
from domain.certificates import read_certificate
from domain.messages import body_digest
from tests.certificates import make_certificate, pem
from tests.channel_data import (
    NS,
    basic,
    error_code,
    message,
    outcomes,
    parsed,
    post_message,
    record,
    registered_operator,
    request_record,
)
from tests.factories import act, make_account, make_enterprise
from tests.stts_data import active_dossier, person


@pytest.fixture
def bucom(app):
    return registered_operator()


def dossiers_of(operator):
    return list(Dossier.of_operator(operator).order_by(Dossier.id))


# -- a valid batch, a mixed one ------------------------------------------------------------------

def test_a_valid_batch_is_processed_and_acknowledged_record_by_record(client, bucom):
    operator, sender = bucom
    numbers = [person() for _ in range(3)]
    body = message(operator, [request_record(i + 1, number) for i, number in enumerate(numbers)])
    response = post_message(client, body)
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert response.headers["Cache-Control"] == "no-store"
    ack = parsed(response)  # valid against stts-1.xsd
    stored = dossiers_of(operator)
    assert [d.national_number for d in stored] == numbers
    assert outcomes(ack) == [(i + 1, "accepted", stored[i].id, None) for i in range(3)]
    assert ack.findtext("s:header/s:accepted", namespaces=NS) == "3"
    assert ack.findtext("s:header/s:messageId", namespaces=NS) == "msg-1"
    # the dossier's history names the technical sender, as the screens name the person
    action = DossierAction.last_of(stored[0])
    assert (action.kind, action.performer_id, action.performer_name) == (
        "requested", sender.id, "Xavier Sender")


def test_a_mixed_batch_keeps_the_good_records_and_says_why_the_others_were_refused(client, bucom):
    operator, _sender = bucom
    good, ineligible = person(), person(categories=())
    existing = active_dossier(operator, make_account(operator, stts_profile="stts3", applications=["stts"]))
    body = message(operator, [
        request_record(10, good),
        request_record(20, "12345"),
        request_record(30, ineligible),
        request_record(40, existing.national_number, lineNumber="0470 11 22 33"),
        request_record(50, person(), postcode="20"),
        # a line another open dossier has: one social tariff per line, across operators
        request_record(60, person(), lineNumber=existing.line_number),
        record("activation", 70, {"dossierId": 999999, "activatedOn": "2026-03-01"}),
    ])
    ack = parsed(post_message(client, body))
    new = Dossier.of_operator(operator).where(Dossier.national_number == good).get()
    assert outcomes(ack) == [
        (10, "accepted", new.id, None),
        (20, "refused", None, "INVALID_NATIONAL_NUMBER"),
        (30, "refused", None, "CATEGORY_NOT_CONFIRMED"),
        (40, "refused", None, "DOSSIER_EXISTS_HERE"),
        (50, "refused", None, "INVALID_POSTCODE"),
        (60, "refused", None, "LINE_NUMBER_TAKEN"),
        (70, "refused", None, "UNKNOWN_DOSSIER"),
    ]
    refusals = ack.findall("s:records/s:record/s:refusal", NS)
    # the screens' texts, in the enterprise's language, and the element they are about
    assert refusals[0].text == "Dit is geen geldig rijksregisternummer (11 cijfers, bv. 85.07.30-033.28)."
    assert refusals[0].get("field") == "nationalNumber"
    assert refusals[2].text == (
        "Dossier bestaat al: dit gezin heeft al een sociaal telefoontarief bij uw operator.")
    assert len(dossiers_of(operator)) == 2
    header = ack.find("s:header", NS)
    assert [header.findtext(f"s:{name}", namespaces=NS) for name in ("records", "accepted", "refused")] == [
        "7", "1", "6"]


def test_the_acknowledgement_speaks_the_enterprises_language(client, app):
    operator, _sender = registered_operator(name="TELCO SUD SA", language="fr", username="xml.telco")
    ack = parsed(post_message(client, message(operator, [request_record(1, "12345")]), basic("xml.telco")))
    assert ack.findtext("s:records/s:record/s:refusal", namespaces=NS) == (
        "Ce n'est pas un numéro de registre national valable (11 chiffres, p. ex. 85.07.30-033.28).")


def test_every_kind_of_record_goes_through_the_domain(client, bucom, clock):
    operator, _sender = bucom
    requested = post_message(client, message(operator, [request_record(1, person())], "m-1"))
    dossier_id = outcomes(parsed(requested))[0][2]
    today = Dossier.get_by_id(dossier_id).requested_on.isoformat()
    body = message(operator, [
        record("activation", 1, {"dossierId": dossier_id, "activatedOn": today}),
        record("modification", 2, {"dossierId": dossier_id, "street": "Meir 14", "customerNumber": "C-9",
                                   "addressReason": "Huisnummer"}),
        record("stopTariff", 3, {"dossierId": dossier_id, "reason": "customer_request", "endDate": today}),
        record("cancel", 4, {"dossierId": dossier_id}),
    ], "m-2")
    ack = parsed(post_message(client, body))
    assert [(s, status) for s, status, _d, _c in outcomes(ack)] == [
        (1, "accepted"), (2, "accepted"), (3, "accepted"), (4, "accepted")]
    dossier = Dossier.get_by_id(dossier_id)
    assert (dossier.status, dossier.street, dossier.customer_number) == (Status.ACTIVE, "Meir 14", "C-9")
    kinds = [action.kind for action in DossierAction.history(dossier)]
    assert kinds == ["cancelled", "tariff_stopped", "modified", "activated", "requested"]


def test_a_transfer_takes_the_tariff_over_from_another_operator(client, bucom):
    operator, _sender = bucom
    telco = make_enterprise(name="TELCO SUD SA")
    theirs = active_dossier(telco, make_account(telco, stts_profile="stts3", applications=["stts"]))
    body = message(operator, [record("transfer", 1, {"nationalNumber": theirs.national_number,
                                                     "lineNumber": theirs.line_number})])
    ack = parsed(post_message(client, body))
    ours = Dossier.of_operator(operator).get()
    assert outcomes(ack) == [(1, "accepted", ours.id, None)]
    assert Dossier.get_by_id(theirs.id).status == Status.TRANSFERRED


@pytest.mark.parametrize(("profile", "refused"), [
    ("stts1", {"stopReduction", "stopTariff", "cancel"}),
    ("stts2", {"cancel"}),
    ("stts3", set()),
])
def test_a_record_the_profile_does_not_allow_is_refused_and_the_rest_processed(client, app, profile, refused):
    operator, _sender = registered_operator(profile=profile)
    dossier = active_dossier(operator, make_account(operator, stts_profile="stts3", applications=["stts"]))
    today = dossier.activated_on.isoformat()
    body = message(operator, [
        request_record(1, person()),
        record("modification", 2, {"dossierId": dossier.id, "city": "Berchem", "addressReason": "Verhuisd"}),
        record("stopReduction", 3, {"dossierId": dossier.id, "reason": "not_eligible", "endDate": today}),
        record("stopTariff", 4, {"dossierId": dossier.id, "reason": "move", "endDate": today}),
        record("cancel", 5, {"dossierId": dossier.id}),
    ])
    ack = parsed(post_message(client, body))
    kinds = ["request", "modification", "stopReduction", "stopTariff", "cancel"]
    found = {kind: (status, code) for kind, (_s, status, _d, code) in zip(kinds, outcomes(ack), strict=True)}
    for kind in refused:
        assert found[kind] == ("refused", "FUNCTION_NOT_ALLOWED")
    assert found["request"] == ("accepted", None) and found["modification"] == ("accepted", None)


def test_a_sender_without_an_stts_profile_has_every_record_refused(client, app):
    operator, sender = registered_operator(profile=None)
    ack = parsed(post_message(client, message(operator, [request_record(1, person())])))
    assert outcomes(ack) == [(1, "refused", None, "FUNCTION_NOT_ALLOWED")]


def test_another_operators_dossier_is_unknown(client, bucom):
    operator, _sender = bucom
    telco = make_enterprise()
    theirs = active_dossier(telco, make_account(telco, stts_profile="stts3", applications=["stts"]))
    body = message(operator, [record("modification", 1, {"dossierId": theirs.id, "city": "Namur"})])
    assert outcomes(parsed(post_message(client, body))) == [(1, "refused", None, "UNKNOWN_DOSSIER")]
    assert Dossier.get_by_id(theirs.id).city == "Antwerpen"


# -- idempotency ------------------------------------------------------------------------------------

def test_the_same_message_again_gets_the_same_acknowledgement_byte_for_byte_and_changes_nothing(
        client, bucom, clock):
    operator, _sender = bucom
    body = message(operator, [request_record(1, person()), request_record(2, "123")])
    first = post_message(client, body)
    events = AuditEvent.select().count()
    clock.travel(minutes=5)
    again = post_message(client, body)
    assert again.status_code == 200
    assert again.data == first.data
    assert len(dossiers_of(operator)) == 1
    assert AuditEvent.select().count() == events
    assert ReceivedMessage.select().count() == 1


def test_the_same_id_with_another_body_is_refused_and_the_stored_one_kept(client, bucom):
    operator, _sender = bucom
    first = post_message(client, message(operator, [request_record(1, person())]))
    response = post_message(client, message(operator, [request_record(1, person())]))
    assert response.status_code == 409
    assert error_code(response) == "MESSAGE_ID_REUSED"
    assert len(dossiers_of(operator)) == 1
    stored = ReceivedMessage.get()
    assert stored.acknowledgement_bytes() == first.data


def test_the_same_message_id_of_another_enterprise_is_another_message(client, bucom):
    operator, _sender = bucom
    other, _ = registered_operator(name="TELCO SUD SA", username="xml.telco")
    assert post_message(client, message(operator, [request_record(1, person())])).status_code == 200
    response = post_message(client, message(other, [request_record(1, person())]), basic("xml.telco"))
    assert response.status_code == 200
    assert ReceivedMessage.select().count() == 2


def test_two_copies_posted_at_once_are_processed_once(app, bucom):
    operator, _sender = bucom
    body = message(operator, [request_record(i, person()) for i in range(1, 6)])
    start = threading.Barrier(2)
    answers = [None, None]

    def send(index):
        client = app.test_client()
        start.wait()
        answers[index] = post_message(client, body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[0].data == answers[1].data
    assert len(dossiers_of(operator)) == 5
    assert MessageRecord.select().count() == 5
    assert AuditEvent.select().where(AuditEvent.action == "exchange.message_processed").count() == 1


def test_a_message_left_half_done_by_a_process_that_died_is_finished_by_the_next_copy(client, bucom, clock):
    operator, sender = bucom
    numbers = [person() for _ in range(3)]
    body = message(operator, [request_record(i + 1, n) for i, n in enumerate(numbers)])
    # the first process claimed the message, did its first record, and died
    post_message(client, message(operator, [request_record(1, numbers[0])], "other"))
    done = Dossier.of_operator(operator).get()
    digest, size = body_digest(__import__("io").BytesIO(body))
    claimed = ReceivedMessage.create(enterprise=operator, message_id="msg-1", body_sha256=digest, size=size,
                                     sender=sender, sender_name=sender.full_name)
    MessageRecord.create(message=claimed, position=1, sequence=1, kind="request", status="accepted",
                         dossier=done, dossier_status=done.status)
    clock.travel(minutes=3)
    ack = parsed(post_message(client, body))
    assert [status for _s, status, _d, _c in outcomes(ack)] == ["accepted"] * 3
    assert len(dossiers_of(operator)) == 3
    assert ReceivedMessage.get_by_id(claimed.id).status == MessageStatus.PROCESSED


# -- bad input: each a structured XML error with a 4xx, nothing applied ------------------------------

def assert_refused(response, status, code):
    assert response.status_code == status, response.data
    assert response.mimetype == "application/xml"
    assert error_code(response) == code
    return parsed(response)


def test_malformed_xml(client, bucom):
    operator, _ = bucom
    body = message(operator, [request_record(1, person())]).replace(b"</records>", b"</record>")
    error = assert_refused(post_message(client, body), 400, "MALFORMED")
    assert error.findtext("s:line", namespaces=NS) == "6"
    assert Dossier.select().count() == 0


def test_a_document_that_fails_the_schema_names_the_line_and_the_element(client, bucom):
    operator, _ = bucom
    good = request_record(1, person())
    bad = request_record(2, person()).replace("<firstName>Maria</firstName>", "")
    body = message(operator, [good, bad])
    error = assert_refused(post_message(client, body), 400, "SCHEMA_INVALID")
    assert error.findtext("s:line", namespaces=NS) == "6"
    # the element where the schema found it wrong: a street where the first name was expected
    assert error.findtext("s:element", namespaces=NS) == "street"
    assert "firstName" in error.findtext("s:text", namespaces=NS)
    # the good record before it was not applied either: the message is checked whole first
    assert Dossier.select().count() == 0


@pytest.mark.parametrize("change", [
    lambda body: body.replace(b"<records>", b"<records><unknown/>"),
    lambda body: body.replace(b"<schemaVersion>1</schemaVersion>", b"<schemaVersion>2</schemaVersion>"),
    lambda body: body.replace(b'sequence="1"', b'sequence="99999999999999999999"'),
    lambda body: body.replace(b"<records>", b"<records>text"),
    lambda body: body.replace(b"\n<records>\n", b"").replace(b"</records>\n", b""),
    lambda body: body.replace(b'xmlns="urn:be:socialsecurity:stts:1"', b'xmlns="urn:other"'),
])
def test_other_documents_that_fail_the_schema(client, bucom, change):
    operator, _ = bucom
    response = post_message(client, change(message(operator, [request_record(1, person())])))
    assert response.status_code == 400
    assert error_code(response) in ("SCHEMA_INVALID", "NOT_A_MESSAGE")
    assert Dossier.select().count() == 0


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE message [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<message xmlns="urn:be:socialsecurity:stts:1"><header><messageId>&f;</messageId></header></message>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<message xmlns="urn:be:socialsecurity:stts:1"><header><messageId>&secret;</messageId></header></message>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE message SYSTEM "http://127.0.0.1:9/evil.dtd">
<message xmlns="urn:be:socialsecurity:stts:1"><header><messageId>x</messageId></header></message>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE message [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<message xmlns="urn:be:socialsecurity:stts:1"/>"""
UNDECLARED_ENTITY = b"""<?xml version="1.0"?>
<message xmlns="urn:be:socialsecurity:stts:1"><header><messageId>&nope;</messageId></header></message>"""


@pytest.mark.parametrize("body", [BOMB, EXTERNAL_ENTITY, EXTERNAL_DTD, PARAMETER_ENTITY],
                         ids=["entity-bomb", "external-entity", "external-dtd", "parameter-entity"])
def test_a_doctype_or_entity_of_any_kind_is_refused_before_anything_is_expanded(client, bucom, body):
    started = time.perf_counter()
    response = post_message(client, body)
    assert time.perf_counter() - started < 1
    assert_refused(response, 400, "DOCTYPE_FORBIDDEN")
    assert b"root:" not in response.data


def test_an_undeclared_entity_is_malformed(client, bucom):
    assert_refused(post_message(client, UNDECLARED_ENTITY), 400, "MALFORMED")


def test_an_oversized_body_is_refused_before_it_is_read(client, app, bucom):
    operator, _ = bucom
    app.config["MAX_MESSAGE_BYTES"] = 2000
    body = message(operator, [request_record(i, person()) for i in range(1, 10)])
    assert len(body) > 2000
    response = post_message(client, body)
    assert_refused(response, 413, "TOO_LARGE")
    assert Dossier.select().count() == 0


def test_an_oversized_body_without_its_length_is_refused_as_it_streams_in(client, app, bucom):
    operator, _ = bucom
    app.config["MAX_MESSAGE_BYTES"] = 2000
    body = message(operator, [request_record(i, person()) for i in range(1, 10)])

    def chunks():
        for start in range(0, len(body), 500):
            yield body[start:start + 500]

    # as a server gives a chunked body: no Content-Length, the stream ends by itself
    response = client.post("/exchange/messages", headers={**basic(), "Content-Type": "application/xml"},
                           environ_overrides={"wsgi.input": _Stream(chunks()), "wsgi.input_terminated": True})
    assert_refused(response, 413, "TOO_LARGE")


class _Stream:
    def __init__(self, chunks):
        self._chunks, self._buffer = iter(chunks), b""

    def read(self, size=-1):
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        data, self._buffer = (self._buffer, b"") if size < 0 else (self._buffer[:size], self._buffer[size:])
        return data


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "multipart/form-data", None])
def test_a_wrong_or_missing_content_type(client, bucom, content_type):
    operator, _ = bucom
    response = post_message(client, message(operator, [request_record(1, person())]),
                            content_type=content_type)
    assert_refused(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_text_xml_is_xml_too(client, bucom):
    operator, _ = bucom
    response = post_message(client, message(operator, [request_record(1, person())]),
                            content_type="text/xml; charset=utf-8")
    assert response.status_code == 200


def test_a_sender_kbo_that_is_not_the_authenticated_enterprises(client, bucom):
    operator, _ = bucom
    other = make_enterprise()
    body = message(operator, [request_record(1, person())], kbo=other.kbo_number)
    error = assert_refused(post_message(client, body), 403, "SENDER_MISMATCH")
    assert error.findtext("s:element", namespaces=NS) == "senderKbo"
    assert Dossier.select().count() == 0
    event = AuditEvent.of_enterprise(operator).where(AuditEvent.action == "exchange.message_refused").get()
    assert event.change_dict["code"] == "SENDER_MISMATCH"


def test_duplicate_sequence_numbers_in_one_message(client, bucom):
    operator, _ = bucom
    body = message(operator, [request_record(1, person()), request_record(2, person()),
                              request_record(1, person())])
    error = assert_refused(post_message(client, body), 400, "DUPLICATE_SEQUENCE")
    assert error.findtext("s:line", namespaces=NS) == "7"
    assert Dossier.select().count() == 0


# -- who may send ------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [{}, basic(password="wrong-password"), basic(username="nobody")],
                         ids=["no credentials", "wrong password", "unknown user"])
def test_an_unknown_sender_is_refused(client, bucom, headers):
    operator, _ = bucom
    response = post_message(client, message(operator, [request_record(1, person())]), headers=headers)
    assert_refused(response, 401, "UNAUTHENTICATED")
    assert response.headers["WWW-Authenticate"].startswith("Basic realm=")


def test_failed_channel_logins_lock_the_sender_like_sign_ins(client, bucom):
    operator, sender = bucom
    body = message(operator, [request_record(1, person())])
    for _ in range(5):
        post_message(client, body, headers=basic(password="wrong-password"))
    # locked for the client that failed (domain.auth, SECURITY.md "Lock-out")
    from domain.auth import is_locked_for
    assert is_locked_for(sender, "127.0.0.1")
    # locked: even the right password is refused now
    assert_refused(post_message(client, body), 401, "UNAUTHENTICATED")
    assert AuditEvent.about("account", sender.id).where(
        AuditEvent.action == "account.locked_for_client").exists()


def test_a_blocked_sender_is_refused(client, bucom):
    operator, sender = bucom
    Account.update(blocked=True).where(Account.id == sender.id).execute()
    assert_refused(post_message(client, message(operator, [request_record(1, person())])), 403,
                   "SENDER_BLOCKED")


def test_a_user_who_is_not_the_technical_sender_is_refused(client, bucom):
    operator, _ = bucom
    make_account(operator, username="somebody.else", stts_profile="stts3", applications=["stts"])
    response = post_message(client, message(operator, [request_record(1, person())]), basic("somebody.else"))
    assert_refused(response, 403, "NOT_TECHNICAL_SENDER")


def test_a_channel_not_registered_for_stts_is_refused(client, bucom):
    operator, _ = bucom
    from db.exchange import ExchangeApplication
    ExchangeApplication.delete().execute()
    assert_refused(post_message(client, message(operator, [request_record(1, person())])), 403,
                   "NOT_REGISTERED")


def test_the_password_is_refused_when_the_registration_says_certificate(client, bucom):
    operator, _ = bucom
    ExchangeRegistration.update(authentication=Authentication.CERTIFICATE).execute()
    assert_refused(post_message(client, message(operator, [request_record(1, person())])), 403,
                   "WRONG_AUTHENTICATION")


# -- the certificate, as the TLS proxy passes it on -------------------------------------------------

@pytest.fixture
def by_certificate(app, bucom):
    operator, sender = bucom
    app.config.update(TRUSTED_PROXY_ADDRESSES="127.0.0.1, 10.0.0.0/8",
                      CLIENT_CERT_HEADER="X-Client-Cert-SHA256")
    certificates.register(act(make_account(operator, role="local_admin")),
                          read_certificate(pem(make_certificate("BUCOM NL"))), proven=True)
    ExchangeRegistration.update(authentication=Authentication.CERTIFICATE).execute()
    return operator, Certificate.current_of(operator)


def test_the_registered_certificate_authenticates_the_technical_sender(client, by_certificate):
    operator, certificate = by_certificate
    headers = {"X-Client-Cert-SHA256": certificate.fingerprint_text}
    response = post_message(client, message(operator, [request_record(1, person())]), headers=headers)
    assert response.status_code == 200
    event = AuditEvent.of_enterprise(operator).where(AuditEvent.action == "exchange.message_processed").get()
    assert (event.actor_name, event.actor_system) == ("Xavier Sender (xml.sender)", "structured_messages")


def test_the_certificate_header_from_an_address_that_is_not_a_trusted_proxy_is_refused(client, app,
                                                                                         by_certificate):
    operator, certificate = by_certificate
    headers = {"X-Client-Cert-SHA256": certificate.fingerprint}
    response = client.post("/exchange/messages", data=message(operator, [request_record(1, person())]),
                           content_type="application/xml", headers=headers,
                           environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert_refused(response, 403, "UNTRUSTED_PROXY")


@pytest.mark.parametrize("fingerprint", ["00" * 32, "not hex", ""])
def test_an_unknown_certificate_is_refused(client, by_certificate, fingerprint):
    operator, _ = by_certificate
    response = post_message(client, message(operator, [request_record(1, person())]),
                            headers={"X-Client-Cert-SHA256": fingerprint} if fingerprint else {})
    assert response.status_code == 401


def test_a_revoked_certificate_is_refused(client, by_certificate):
    operator, certificate = by_certificate
    certificates.revoke(act(make_account(operator, role="local_admin")), certificate)
    response = post_message(client, message(operator, [request_record(1, person())]),
                            headers={"X-Client-Cert-SHA256": certificate.fingerprint})
    assert_refused(response, 401, "UNKNOWN_CERTIFICATE")


def test_the_certificate_of_a_blocked_technical_sender_is_refused(client, by_certificate):
    operator, certificate = by_certificate
    Account.update(blocked=True).where(Account.username == "xml.sender").execute()
    response = post_message(client, message(operator, [request_record(1, person())]),
                            headers={"X-Client-Cert-SHA256": certificate.fingerprint})
    assert_refused(response, 403, "SENDER_BLOCKED")


def test_the_channel_takes_no_browser_session(client, auth, bucom):
    """CSRF does not apply: the sender's credentials do, never a signed-in browser's session."""
    operator, _ = bucom
    auth.login("xml.sender")
    response = post_message(client, message(operator, [request_record(1, person())]), headers={})
    assert_refused(response, 401, "UNAUTHENTICATED")


def test_csrf_is_not_asked_of_the_machine_endpoint(app, bucom):
    operator, _ = bucom
    app.config["WTF_CSRF_ENABLED"] = True
    response = post_message(app.test_client(), message(operator, [request_record(1, person())]))
    assert response.status_code == 200


def test_the_schema_is_published(client):
    response = client.get("/exchange/schema/stts-1.xsd")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    etree.XMLSchema(etree.fromstring(response.data))


def test_old_messages_are_kept_for_the_retention_period_then_purged(app, client, bucom, clock):
    operator, _ = bucom
    post_message(client, message(operator, [request_record(1, person())], "old"))
    clock.travel(days=100)
    post_message(client, message(operator, [request_record(1, person())], "new"))
    clock.travel(days=100)
    result = app.test_cli_runner().invoke(args=["exchange", "purge-messages"])
    assert "Deleted 1 messages" in result.output
    assert [m.message_id for m in ReceivedMessage.select()] == ["new"]
    assert MessageRecord.select().count() == 1
    event = AuditEvent.of_enterprise(operator).first()
    assert (event.action, event.change_dict["messages"]) == ("exchange.messages_purged", 1)
    assert timedelta(days=180)  # the default retention (STTS_MESSAGE_RETENTION_DAYS)


def test_a_record_the_code_cannot_process_is_refused_and_the_others_go_on(client, bucom, monkeypatch, caplog):
    operator, _ = bucom
    from domain import message_records

    def broken(actor, values, dossier):
        raise RuntimeError("a bug")

    monkeypatch.setitem(message_records.KINDS, "transfer", message_records.Kind("dossier.transfer", broken))
    body = message(operator, [record("transfer", 1, {"nationalNumber": "1", "lineNumber": "2"}),
                              request_record(2, person())])
    ack = parsed(post_message(client, body))
    assert [(s, status, code) for s, status, _d, code in outcomes(ack)] == [
        (1, "refused", "INTERNAL_ERROR"), (2, "accepted", None)]
    assert "record 1 of message msg-1 could not be processed" in caplog.text


def test_a_message_larger_than_an_ordinary_form_is_taken(client, bucom):
    # the app's forms stop at 1 MB; a message may be as large as STTS_MAX_MESSAGE_BYTES (20 MB)
    operator, _ = bucom
    padding = b"<!-- " + b"x" * (3 * 1024 * 1024) + b" -->"
    body = message(operator, [request_record(1, person())]).replace(b"<records>", padding + b"<records>")
    response = post_message(client, body)
    assert response.status_code == 200
    assert outcomes(parsed(response))[0][1] == "accepted"
