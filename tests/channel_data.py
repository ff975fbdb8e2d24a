"""Test data for the structured-message channel: a registered operator, and messages as XML."""

import base64
from xml.sax.saxutils import escape

from lxml import etree

from db.applications import STTS, Application
from db.exchange import Authentication, ExchangeApplication, ExchangeRegistration
from domain.message_format import NAMESPACE, schema
from tests.factories import PASSWORD, make_account, make_enterprise

NS = {"s": NAMESPACE}


def registered_operator(name="BUCOM NL", profile="stts3", authentication=Authentication.PASSWORD,
                        username="xml.sender", language="nl"):
    """(operator, technical sender): an operator whose channel is registered for STTS."""
    operator = make_enterprise(name=name, language=language)
    sender = make_account(operator, username=username, stts_profile=profile, applications=[STTS],
                          first_name="Xavier", last_name="Sender", language=language)
    registration = ExchangeRegistration.create(enterprise=operator, technical_sender=sender,
                                               technical_sender_name=sender.full_name,
                                               authentication=authentication)
    stts = Application.get(Application.code == STTS)
    ExchangeApplication.create(registration=registration, application=stts)
    return operator, sender


def basic(username="xml.sender", password=PASSWORD):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def request_record(sequence, national_number, **overrides):
    values = {"nationalNumber": national_number, "lastName": "Peeters", "firstName": "Maria",
              "street": "Meir 12", "postcode": "2000", "city": "Antwerpen", "language": "nl",
              "category": "age_65", "formula": "fixed", "customerNumber": f"C-{sequence}",
              "lineNumber": f"03 2{national_number[6:9]} 4{national_number[9:11]}", **overrides}
    return record("request", sequence, values)


def record(kind, sequence, values):
    """A record element as text; a value None leaves its element out."""
    children = "".join(f"<{name}>{escape(str(value))}</{name}>" for name, value in values.items()
                       if value is not None)
    return f'<{kind} sequence="{sequence}">{children}</{kind}>'


def message(operator, records, message_id="msg-1", kbo=None):
    """A message of the `records` (texts) from `operator`, as bytes."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<message xmlns="{NAMESPACE}">\n'
            f"<header><messageId>{message_id}</messageId><senderKbo>{kbo or operator.kbo_number}</senderKbo>"
            "<createdAt>2026-03-02T09:00:00Z</createdAt><schemaVersion>1</schemaVersion></header>\n"
            "<records>\n" + "\n".join(records) + "\n</records>\n</message>\n").encode()


def post_message(client, body, headers=None, content_type="application/xml"):
    return client.post("/exchange/messages", data=body, content_type=content_type,
                       headers=basic() if headers is None else headers)


def parsed(response):
    """The XML answer, checked against the schema."""
    document = etree.fromstring(response.data)
    schema().assertValid(document)
    return document


def outcomes(document):
    """[(sequence, status, dossier id or None, code or None)] of an acknowledgement."""
    found = []
    for outcome in document.iterfind("s:records/s:record", NS):
        refusal = outcome.find("s:refusal", NS)
        dossier = outcome.findtext("s:dossierId", namespaces=NS)
        found.append((int(outcome.get("sequence")), outcome.get("status"), int(dossier) if dossier else None,
                      refusal.get("code") if refusal is not None else None))
    return found


def error_code(response):
    return parsed(response).findtext("s:code", namespaces=NS)
