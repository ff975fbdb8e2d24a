"""No double effect: a double click (two posts at the same instant, from threads against the
file database) changes once and answers without a 500; multi-row changes commit whole; the
audit log has no route that edits it."""

import re
import threading

import pytest

from db.access_requests import AccessRequest, ProvisionalCredential, RequestStatus
from db.accounts import Account, Role
from db.audit import AuditEvent
from db.base import database
from db.connection import is_postgresql
from domain import onboarding
from tests.factories import act, make_access_request, make_account, make_enterprise
from tests.helpers import post_at_once

ROUNDS = 6


def signed_in(app, username, portal, clients):
    for client in clients:
        client.post("/login", data={"username": username, "password": "Test-Wachtwoord-2026",
                                    "portal": portal})


@pytest.fixture
def officer(app):
    return make_account(role=Role.OFFICER, username="rsz.officer", first_name="Luc", last_name="Maes")


def two_clicks(app, url, data=None, username="rsz.officer", portal="backoffice"):
    """The same form posted twice at the same instant (two threads): the status codes, sorted."""
    return sorted(at_once(app, [(url, data), (url, data)], username, portal), key=str)


def at_once(app, posts, username, portal):
    """Each (url, data) of `posts` posted by its own signed-in client, all released together."""
    clients = [app.test_client() for _ in posts]
    signed_in(app, username, portal, clients)
    return [getattr(result, "status_code", None) or repr(result) for result in post_at_once(clients, posts)]


def credentials_of(filed):
    return ProvisionalCredential.select().where(ProvisionalCredential.access_request == filed.id).count()


FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')


def issue_twice(app, filed, tokens, replaces=None):
    """"Issue (new) provisional credentials" posted twice at the same instant, each with the form
    token of `tokens` (the same twice: a double click); the statuses and the letters' passwords."""
    clients = [app.test_client() for _ in tokens]
    signed_in(app, "rsz.officer", "backoffice", clients)
    made = {label: FORM_TOKEN.search(client.get(f"/backoffice/requests/{filed.id}").text).group(1)
            for label, client in zip(("first", "second"), clients, strict=True)}
    values = [made[token] for token in tokens]
    extra = {"replaces": replaces} if replaces else {}
    url = f"/backoffice/requests/{filed.id}/credentials"
    responses = post_at_once(clients, [(url, {"form_token": value, **extra}) for value in values])
    statuses = [getattr(response, "status_code", repr(response)) for response in responses]
    letters = {client.get(response.headers["Location"]).get_data(as_text=True)
               for client, response in zip(clients, responses, strict=True)
               if getattr(response, "status_code", None) == 303}
    passwords = {password for letter in letters for password in _passwords(letter)}
    return sorted(statuses, key=str), passwords


def _passwords(letter):
    from tests.test_backoffice import CREDENTIALS
    found = CREDENTIALS.findall(letter)
    return {found[1]} if len(found) == 2 else set()


def issued_events(filed):
    return AuditEvent.about("access_request", filed.id).where(
        AuditEvent.action == "access_request.credentials_issued").count()


def test_a_double_click_on_issue_credentials_issues_once_and_both_answers_show_the_same_letter(app, officer):
    for _ in range(ROUNDS):
        filed = make_access_request()
        onboarding.record_original_received(act(officer), filed)
        statuses, passwords = issue_twice(app, filed, ["first", "first"])
        assert statuses == [303, 303], statuses
        assert len(passwords) == 1
        assert credentials_of(filed) == 1 and issued_events(filed) == 1
        database.close()


def test_two_windows_on_issue_credentials_give_one_credential_set_and_no_500(app, officer):
    for _ in range(ROUNDS):
        filed = make_access_request()
        onboarding.record_original_received(act(officer), filed)
        statuses, _ = issue_twice(app, filed, ["first", "second"])
        assert statuses == [303, 409], statuses
        assert credentials_of(filed) == 1 and issued_events(filed) == 1
        database.close()


def test_two_clicks_on_issue_new_credentials_replace_them_once(app, officer):
    for _ in range(ROUNDS):
        filed = make_access_request()
        onboarding.record_original_received(act(officer), filed)
        first = onboarding.issue_credentials(act(officer), filed).credential
        statuses, passwords = issue_twice(app, filed, ["first", "first"], replaces=first.id)
        assert statuses == [303, 303], statuses
        assert len(passwords) == 1
        assert credentials_of(filed) == 2
        statuses, _ = issue_twice(app, filed, ["first", "second"],
                                  replaces=AccessRequest.get_by_id(filed.id).latest_credential().id)
        assert statuses == [303, 409], statuses
        assert credentials_of(filed) == 3
        database.close()


def test_a_second_issue_without_seeing_the_first_is_refused(app, officer):
    filed = make_access_request()
    onboarding.record_original_received(act(officer), filed)
    onboarding.issue_credentials(act(officer), filed)
    with pytest.raises(onboarding.StaleData):
        onboarding.issue_credentials(act(officer), AccessRequest.get_by_id(filed.id))
    assert AccessRequest.get_by_id(filed.id).status == RequestStatus.CREDENTIALS_ISSUED


def test_two_clicks_on_original_received_and_on_reject_decide_once(app, officer):
    for _ in range(3):
        filed = make_access_request()
        assert two_clicks(app, f"/backoffice/requests/{filed.id}/received") == [303, 409]
        rejected = make_access_request()
        statuses = two_clicks(app, f"/backoffice/requests/{rejected.id}/reject",
                              {"reason": "not_original", "note": "fax"})
        assert statuses == [303, 409], statuses
        assert AuditEvent.about("access_request", rejected.id).where(
            AuditEvent.action == "access_request.rejected").count() == 1
        database.close()


# -- the users' actions ---------------------------------------------------------------------------

@pytest.fixture
def bucom(app):
    enterprise = make_enterprise(name="BUCOM NL")
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens")
    return enterprise


def test_two_clicks_on_block_block_once(app, bucom):
    for _ in range(3):
        koen = make_account(bucom)
        statuses = two_clicks(app, f"/users/{koen.id}/block", username="els.janssens", portal="enterprise")
        assert statuses == [303, 303], statuses
        assert Account.get_by_id(koen.id).blocked
        assert AuditEvent.about("account", koen.id).where(AuditEvent.action == "user.blocked").count() == 1
        database.close()


def test_a_bulk_block_and_a_bulk_unblock_at_once_leave_all_or_nothing(app, bucom):
    """Multi-row changes in one transaction: the rows end all blocked or all unblocked."""
    users = [make_account(bucom) for _ in range(12)]
    ids = [user.id for user in users]
    for _ in range(3):
        results = at_once(app, [("/users/bulk?action=block", {"action": "block", "user": ids}),
                                ("/users/bulk?action=unblock", {"action": "unblock", "user": ids})],
                          "els.janssens", "enterprise")
        assert results == [303, 303], results
        blocked = {account.blocked for account in Account.select().where(Account.id.in_(ids))}
        assert len(blocked) == 1, "half of the rows of one bulk change"
        database.close()


# -- the audit log is read-only -------------------------------------------------------------------

AUDIT_WORDS = re.compile(r"audit|history|activity|event", re.IGNORECASE)


def test_no_route_changes_the_audit_log(app):
    """Walk the URL map: no route that names the audit log, a history or an event accepts a change."""
    writable = [rule.rule for rule in app.url_map.iter_rules()
                if AUDIT_WORDS.search(rule.rule) and rule.methods & {"POST", "PUT", "PATCH", "DELETE"}]
    assert writable == []


def test_the_audit_log_is_not_a_table_the_channel_or_a_screen_writes_except_through_record():
    """Only domain.audit.record writes AuditEvent rows; no module updates or deletes them."""
    import pathlib

    offenders = []
    for path in pathlib.Path(".").glob("[bdw]*/**/*.py"):
        if path.parts[0] in ("blueprints", "domain", "web", "db"):
            source = path.read_text(encoding="utf-8")
            if re.search(r"AuditEvent\.(update|delete|insert|create|replace)\b", source) and \
                    path.as_posix() != "domain/audit.py":
                offenders.append(path.as_posix())
    assert offenders == []


def test_a_transaction_that_reads_then_writes_waits_for_another_instead_of_failing(app, bucom):
    """BEGIN IMMEDIATE: two transactions that each read, then write, one after the other; deferred
    ones (plain BEGIN) fail in SQLite's WAL mode with 'database is locked' at once."""
    if is_postgresql(database):
        pytest.skip("SQLite's lock; PostgreSQL locks rows (tested by the posts above)")
    koen = make_account(bucom)
    barrier = threading.Barrier(2)
    errors = []

    def run(index):
        try:
            barrier.wait()
            with database.atomic():
                stored = Account.get_by_id(koen.id)
                threading.Event().wait(0.2)  # the other one reads too, meanwhile
                Account.update(first_name=f"{stored.first_name}{index}").where(
                    Account.id == koen.id).execute()
        except Exception as error:  # noqa: BLE001
            errors.append(repr(error))
        finally:
            database.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(Account.get_by_id(koen.id).first_name) == len("Test") + 2  # both wrote, one after the other


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    if is_postgresql(database):
        pytest.skip("SQLite only")
    database.connect(reuse_if_open=True)
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 1  # normal
    database.close()
