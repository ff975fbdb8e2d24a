"""GET /exchange/feed: the operator's open tasks (when routed to the channel) and the answers about
its dossiers, only what is new since the cursor, paged; and the Routing Module's e-mail for tasks."""

import email
import email.policy
import socket
import time

import pytest
from aiosmtpd.controller import Controller

from db.applications import STTS, Application
from db.audit import System
from db.dossiers import Dossier, Status, Task, TaskKind
from db.routing import Destination, RoutingRule, TaskNotice
from domain import dossiers, mail, routing
from domain.actors import Actor
from domain.recheck import recheck_eligibility
from domain.tasks import open_task
from tests.channel_data import NS, basic, parsed, registered_operator
from tests.factories import admin_of, make_account, make_enterprise
from tests.stts_data import active_dossier, person, tariff_request


@pytest.fixture
def bucom(app):
    return registered_operator()


def route(operator, destination, email=None):
    stts = Application.get(Application.code == STTS)
    routing.change_route(admin_of(operator), stts, destination=destination, email=email,
                         version=RoutingRule.of_enterprise(operator).count() and 1)


def fetch(client, after=None, limit=None, headers=None):
    query = {key: value for key, value in (("after", after), ("limit", limit)) if value is not None}
    response = client.get("/exchange/feed", query_string=query,
                          headers=basic() if headers is None else headers)
    assert response.status_code == 200, response.data
    document = parsed(response)
    items = [(item.tag.split("}")[1], int(item.get("id")), item.findtext("s:kind", namespaces=NS),
              int(item.findtext("s:dossier/s:dossierId", namespaces=NS)))
             for item in document.find("s:items", NS)]
    return items, document.findtext("s:header/s:cursor", namespaces=NS), \
        document.findtext("s:header/s:more", namespaces=NS) == "true"


def user_of(operator):
    return make_account(operator, stts_profile="stts3", applications=["stts"])


def test_the_feed_has_the_open_tasks_once_the_routing_module_sends_them_to_the_channel(client, bucom, clock):
    operator, _ = bucom
    dossier = active_dossier(operator, user_of(operator))
    task, _ = open_task(dossier, TaskKind.CLOSE_DOSSIER)
    clock.travel(seconds=10)
    assert fetch(client)[0] == []  # the web task list, by default
    route(operator, Destination.STRUCTURED_MESSAGES)
    items, cursor, more = fetch(client)
    assert items == [("task", task.id, "close_dossier", dossier.id)]
    assert more is False
    # nothing new since that cursor
    assert fetch(client, after=cursor)[0] == []
    second, _ = open_task(dossier, TaskKind.END_REDUCTION)
    clock.travel(seconds=10)
    items, later, _ = fetch(client, after=cursor)
    assert items == [("task", second.id, "end_reduction", dossier.id)]
    assert later != cursor


def test_the_feed_has_the_answers_to_pending_requests_and_what_others_did(client, bucom, clock):
    operator, _ = bucom
    from domain.eligibility import EligibilitySourceUnavailable, source, use_source

    class Down:
        def lookup(self, number):
            raise EligibilitySourceUnavailable()

        def lookup_many(self, numbers):
            raise EligibilitySourceUnavailable()

    number = person()
    old = use_source(Down())
    try:
        pending = dossiers.request_tariff(Actor.person(user_of(operator)), tariff_request(number))
    finally:
        use_source(old)
    assert source() is old and pending.status == Status.REQUESTED
    # another operator takes over an active tariff of ours
    ours = active_dossier(operator, user_of(operator), line_number="0470 55 66 77")
    telco = make_enterprise()
    dossiers.transfer(Actor.person(user_of(telco)), ours.national_number, "0470 55 66 77")
    recheck_eligibility(Actor.of_system(System.NIGHTLY_JOB))
    clock.travel(seconds=10)
    items, _cursor, _more = fetch(client)
    assert [(kind, what, dossier) for kind, _id, what, dossier in items] == [
        ("answer", "transferred_out", ours.id), ("answer", "decided", pending.id)]
    # what the operator's own users did is not an answer to it
    assert "requested" not in [what for _k, _i, what, _d in items]
    document = parsed(client.get("/exchange/feed", headers=basic()))
    decided = document.findall("s:items/s:answer", NS)[1]
    assert decided.findtext("s:dossier/s:status", namespaces=NS) == Dossier.get_by_id(pending.id).status


def test_the_feed_is_paged_and_the_cursor_only_grows(client, bucom, clock):
    operator, _ = bucom
    route(operator, Destination.STRUCTURED_MESSAGES)
    dossiers_made = [active_dossier(operator, user_of(operator)) for _ in range(5)]
    tasks = [open_task(dossier, TaskKind.CLOSE_DOSSIER)[0] for dossier in dossiers_made]
    clock.travel(seconds=10)
    seen, cursor = [], None
    pages = 0
    while True:
        items, cursor, more = fetch(client, after=cursor, limit=2)
        seen.extend(item_id for _k, item_id, _w, _d in items)
        pages += 1
        if not more:
            break
    assert seen == [task.id for task in tasks]
    assert pages == 3


def test_rows_are_handed_out_once_they_settled(client, bucom, clock):
    operator, _ = bucom
    route(operator, Destination.STRUCTURED_MESSAGES)
    open_task(active_dossier(operator, user_of(operator)), TaskKind.CLOSE_DOSSIER)
    assert fetch(client)[0] == []
    clock.travel(seconds=6)
    assert len(fetch(client)[0]) == 1


def test_another_operators_tasks_never_show(client, bucom, clock):
    operator, _ = bucom
    route(operator, Destination.STRUCTURED_MESSAGES)
    telco = make_enterprise()
    open_task(active_dossier(telco, user_of(telco)), TaskKind.CLOSE_DOSSIER)
    clock.travel(seconds=10)
    assert fetch(client)[0] == []


@pytest.mark.parametrize("cursor", ["nonsense!", "bm9wZQ", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5LjE"])
def test_a_cursor_that_is_not_one_of_the_feed_is_refused(client, bucom, cursor):
    response = client.get("/exchange/feed", query_string={"after": cursor}, headers=basic())
    assert response.status_code == 400
    assert parsed(response).findtext("s:code", namespaces=NS) == "BAD_CURSOR"


def test_the_feed_needs_the_technical_sender(client, bucom):
    response = client.get("/exchange/feed")
    assert response.status_code == 401
    assert parsed(response).findtext("s:code", namespaces=NS) == "UNAUTHENTICATED"


# -- the Routing Module's e-mail ---------------------------------------------------------------------

class Sink:
    """What a real SMTP server (aiosmtpd, on a free local port) received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(app):
    sink = Sink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    mail.configure({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_STARTTLS": False,
                    "SMTP_FROM": "STTS <stts@socialsecurity.example>"})
    yield sink
    controller.stop()
    mail.configure({})


def wait_for(sink, count=1):
    deadline = time.monotonic() + 5
    while len(sink.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return sink.messages


def test_the_email_choice_sends_a_real_email_for_a_new_task(client, auth, app, smtp):
    # operator A routes its STTS tasks to e-mail; operator B's transfer on the screen gives A a task
    operator, _ = registered_operator(username="xml.a")
    route(operator, Destination.EMAIL, "backoffice@bucom.example")
    ours = active_dossier(operator, user_of(operator), line_number="0470 55 66 77")
    telco = make_enterprise(name="TELCO SUD SA")
    make_account(telco, username="telco.user", stts_profile="stts3", applications=["stts"])
    auth.login("telco.user")
    response = client.post("/stts/transfer", data={"national_number": ours.national_number,
                                                   "line_number": "0470 55 66 77", "customer_number": "T-1",
                                                   "token": "form-1"})
    assert response.status_code == 303
    received = wait_for(smtp)
    assert len(received) == 1
    envelope = received[0]
    assert envelope.rcpt_tos == ["backoffice@bucom.example"]
    sent = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert sent["Subject"] == 'STTS: nieuwe taak "Reductie beëindigen"'
    body = sent.get_content()
    assert f"Dossiernummer: {ours.id}" in body and "Klantnummer: T-1" not in body
    task = Task.get(Task.dossier == ours.id)
    notice = TaskNotice.get(TaskNotice.task == task)
    assert (notice.destination, notice.email) == ("email", "backoffice@bucom.example")
    assert notice.sent_at is not None
    # announced once: the next request sends nothing again
    client.post("/logout")
    with app.app_context():
        assert routing.deliver_task_notices() == (0, 0)
    assert len(smtp.messages) == 1


def test_without_an_smtp_server_the_email_is_written_to_the_log(app, caplog):
    mail.configure({})
    with caplog.at_level("INFO", logger="domain.mail"):
        mail.send("ops@bucom.example", "Onderwerp", "Tekst")
    assert "ops@bucom.example" in caplog.text and "STTS_SMTP_HOST" in caplog.text


def test_an_email_that_cannot_be_sent_is_kept_and_tried_again(app, bucom):
    operator, _ = bucom
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    mail.configure({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": closed_port, "SMTP_STARTTLS": False})
    try:
        route(operator, Destination.EMAIL, "backoffice@bucom.example")
        open_task(active_dossier(operator, user_of(operator)), TaskKind.CLOSE_DOSSIER)
        with app.app_context():
            assert routing.deliver_task_notices() == (0, 1)
        notice = TaskNotice.get()
        assert notice.sent_at is None and "ConnectionRefusedError" in notice.error
    finally:
        mail.configure({})
    with app.app_context():
        assert routing.deliver_task_notices(retry=True) == (1, 0)  # to the log, this time
    assert TaskNotice.get().sent_at is not None


def test_the_password_never_shows_in_the_settings(app):
    settings = mail.configure({"SMTP_HOST": "smtp.example", "SMTP_PASSWORD": "s3cret-pass"})
    assert "s3cret-pass" not in repr(settings)
    mail.configure({})


def test_tasks_that_existed_before_are_not_mailed(app, bucom, smtp):
    operator, _ = bucom
    open_task(active_dossier(operator, user_of(operator)), TaskKind.CLOSE_DOSSIER)
    with app.app_context():
        routing.deliver_task_notices()  # seen while the route was the task list
        route(operator, Destination.EMAIL, "backoffice@bucom.example")
        assert routing.deliver_task_notices() == (0, 0)
    assert smtp.messages == []
