"""The structured messages in the browser: the upload for an STTS user, the history for the local
admin and STTS 3 users (searchable, paged by key, each message and acknowledgement downloadable),
and the published schema and examples."""

import io
from pathlib import Path

import pytest
from lxml import etree

from db.accounts import Role
from db.dossiers import Dossier
from db.messages import Channel, ReceivedMessage
from domain.message_format import schema
from tests.channel_data import basic, message, post_message, registered_operator, request_record
from tests.factories import make_account
from tests.helpers import text
from tests.stts_data import person

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bucom(app):
    operator, sender = registered_operator()
    make_account(operator, role=Role.LOCAL_ADMIN, username="els.janssens")
    for profile in ("stts1", "stts3"):
        make_account(operator, username=f"{profile}.user", stts_profile=profile, applications=["stts"])
    return operator


def upload(client, body, name="batch.xml", **headers):
    return client.post("/exchange/upload", data={"message_file": (io.BytesIO(body), name)},
                       content_type="multipart/form-data", headers=headers)


def test_an_stts_user_uploads_a_file_and_reads_its_acknowledgement(client, auth, bucom):
    auth.login("stts3.user")
    page = text(client.get("/exchange/upload"))
    assert 'hx-indicator="#upload-progress"' in page and 'role="status"' in page
    body = message(bucom, [request_record(1, person()), request_record(2, "123")], "upload-1")
    response = upload(client, body)
    assert response.status_code == 303
    stored = ReceivedMessage.get()
    assert response.headers["Location"] == f"/exchange/history/{stored.id}"
    assert (stored.channel, stored.sender_name, stored.accepted, stored.refused) == (
        Channel.UPLOAD, "Test " + stored.sender.last_name + " (stts3.user)", 1, 1)
    page = text(client.get(response.headers["Location"]))
    assert "Het bericht upload-1 werd verwerkt: 1 records aanvaard, 1 geweigerd." in page
    assert "INVALID_NATIONAL_NUMBER" in page and "Dit is geen geldig rijksregisternummer" in page
    acknowledgement = client.get(f"/exchange/history/{stored.id}/acknowledgement.xml")
    assert acknowledgement.headers["Content-Disposition"] == (
        'attachment; filename="upload-1-acknowledgement.xml"')
    schema().assertValid(etree.fromstring(acknowledgement.data))
    assert client.get(f"/exchange/history/{stored.id}/message.xml").data == body


def test_htmx_goes_to_the_message_page_after_the_upload(client, auth, bucom):
    auth.login("stts3.user")
    response = upload(client, message(bucom, [request_record(1, person())]), **{"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/exchange/history/")


def test_a_file_that_is_not_a_message_is_refused_next_to_the_field(client, auth, bucom):
    auth.login("stts3.user")
    body = message(bucom, [request_record(1, person())]).replace(b"<records>", b"<records><x/>")
    response = upload(client, body)
    assert response.status_code == 400
    page = text(response)
    assert 'id="message_file-error"' in page and "Regel 4, element 'x'" in page
    assert Dossier.select().count() == 0 and ReceivedMessage.select().count() == 0


def test_an_upload_without_a_file(client, auth, bucom):
    auth.login("stts3.user")
    response = client.post("/exchange/upload", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Kies het XML-bestand dat u wilt versturen." in text(response)


def test_an_upload_over_the_limit_is_refused_with_413(client, auth, app, bucom):
    app.config["MAX_MESSAGE_BYTES"] = 1000
    auth.login("stts3.user")
    response = upload(client, message(bucom, [request_record(i, person()) for i in range(1, 5)]))
    assert response.status_code == 413
    assert 'id="message_file-error"' in text(response)


def test_the_upload_needs_an_stts_profile(client, auth, bucom):
    auth.login("els.janssens")
    assert client.get("/exchange/upload").status_code == 403


def test_the_upload_form_needs_its_csrf_token(app, bucom):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    client.post("/login", data={"username": "stts3.user", "password": "Test-Wachtwoord-2026",
                                "portal": "enterprise"})
    response = upload(client, message(bucom, [request_record(1, person())]))
    assert response.status_code == 400
    assert ReceivedMessage.select().count() == 0


def sent(client, operator, count):
    for number in range(1, count + 1):
        post_message(client, message(operator, [request_record(1, person())], f"batch-{number:03d}"))


def test_the_local_admin_lists_the_messages_newest_first_with_their_counts(client, auth, bucom):
    sent(client, bucom, 3)
    auth.login("els.janssens")
    page = text(client.get("/exchange/history"))
    assert page.index("batch-003") < page.index("batch-002") < page.index("batch-001")
    assert "Xavier Sender (xml.sender)" in page
    assert page.count("acknowledgement.xml") == 3


def test_the_history_is_searched_by_message_id_and_paged_by_key(client, auth, bucom):
    sent(client, bucom, 27)
    auth.login("stts3.user")
    first = text(client.get("/exchange/history"))
    assert "batch-027" in first and "batch-003" in first and "batch-002" not in first
    older = ReceivedMessage.get(ReceivedMessage.message_id == "batch-003").id
    assert f"before={older}" in first
    second = text(client.get(f"/exchange/history?before={older}"))
    assert "batch-002" in second and "batch-001" in second and "batch-003" not in second
    found = text(client.get("/exchange/history?message_id=batch-01", headers={"HX-Request": "true"}))
    assert "<h1>" not in found
    assert [f"batch-{n:03d}" in found for n in (10, 15, 19, 20)] == [True, True, True, False]


def test_a_user_without_stts_3_sees_only_their_own_uploads(client, auth, bucom):
    sent(client, bucom, 1)
    auth.login("stts1.user")
    upload(client, message(bucom, [request_record(1, person())], "mine"))
    page = text(client.get("/exchange/history"))
    assert "mine" in page and "batch-001" not in page
    theirs = ReceivedMessage.get(ReceivedMessage.message_id == "batch-001")
    assert client.get(f"/exchange/history/{theirs.id}").status_code == 404
    assert client.get(f"/exchange/history/{theirs.id}/acknowledgement.xml").status_code == 404


def test_another_enterprises_message_is_not_found(client, auth, bucom):
    other, _ = registered_operator(name="TELCO SUD SA", username="xml.telco")
    post_message(client, message(other, [request_record(1, person())]), basic("xml.telco"))
    theirs = ReceivedMessage.get()
    auth.login("els.janssens")
    for path in ("", "/message.xml", "/acknowledgement.xml"):
        assert client.get(f"/exchange/history/{theirs.id}{path}").status_code == 404
    assert "msg-1" not in text(client.get("/exchange/history"))


def test_the_registration_page_publishes_the_schema_and_the_endpoint(client, auth, bucom):
    auth.login("els.janssens")
    page = text(client.get("/exchange/"))
    assert "<code>http://localhost/exchange/messages</code>" in page
    assert "<code>http://localhost/exchange/feed</code>" in page
    assert '<a href="/exchange/schema/stts-1.xsd">stts-1.xsd</a>' in page


@pytest.mark.parametrize("example", sorted((ROOT / "docs" / "xml").glob("*.xml")), ids=lambda path: path.name)
def test_the_example_files_are_valid_against_the_schema(example):
    schema().assertValid(etree.parse(str(example)))


def test_there_are_examples_of_each_document(example_names=None):
    names = {path.name for path in (ROOT / "docs" / "xml").glob("*.xml")}
    assert {"message.xml", "acknowledgement.xml", "error.xml", "feed.xml"} <= names


def test_the_documentation_lists_every_refusal_code():
    import re

    from domain import message_records

    documented = (ROOT / "docs" / "xml" / "README.md").read_text()
    record_codes = {*message_records.CODES.values(), message_records.REFUSED, message_records.INTERNAL_ERROR}
    message_codes = set()
    for folder in ("domain", "web", "blueprints"):
        for path in (ROOT / folder).rglob("*.py"):
            message_codes |= set(re.findall(r'MessageRefused\("([A-Z_]+)"', path.read_text()))
    assert sorted(code for code in record_codes | message_codes if f"`{code}`" not in documented) == []


def test_an_upload_larger_than_an_ordinary_form_is_taken(client, auth, bucom):
    auth.login("stts3.user")
    padding = b"<!-- " + b"x" * (3 * 1024 * 1024) + b" -->"
    body = message(bucom, [request_record(1, person())]).replace(b"<records>", padding + b"<records>")
    assert upload(client, body).status_code == 303
