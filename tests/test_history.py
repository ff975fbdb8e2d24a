"""'Historiek van de onderneming': the enterprise's audit log for the local admin, the officer's over
every enterprise; filters, before/after, paging by key (no OFFSET), CSV."""

from datetime import timedelta

import pytest

from db.accounts import Role
from db.audit import AuditEvent
from db.base import database
from domain import audit
from domain.actors import Actor
from tests.factories import make_account, make_enterprise


@pytest.fixture
def enterprise(app):
    return make_enterprise(name="NOVA TELECOM")


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="admin.log", first_name="Els",
                        last_name="Log")


@pytest.fixture
def events(enterprise, admin, clock):
    karel = make_account(enterprise, username="karel.log", first_name="Karel", last_name="Claes")
    audit.record(Actor.person(admin), "user.blocked", subject=karel, changes={"blocked": [False, True]})
    clock.travel(days=2)
    audit.record(Actor.person(admin), "user.profile_changed", subject=karel,
                 changes={"email": ["old@nova.example", "=cmd|' /C calc'!A0"]})
    other = make_enterprise(name="OTHER SA")
    stranger = make_account(other, username="stranger.log", last_name="Vreemd")
    audit.record(Actor.person(stranger), "user.blocked", subject=stranger)
    return karel


def test_the_local_admin_reads_the_enterprise_history_newest_first_with_before_and_after(
        client, auth, admin, events):
    auth.login(admin.username)
    page = client.get("/history/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Vreemd" not in html
    assert html.index("old@nova.example") < html.index("Nee → Ja")


def test_filters_by_actor_subject_action_and_period(client, auth, admin, events, clock):
    auth.login(admin.username)
    html = client.get("/history/?action=user.blocked").get_data(as_text=True)
    assert "Nee → Ja" in html and "old@nova.example" not in html
    html = client.get("/history/?subject=claes&actor=els").get_data(as_text=True)
    assert "Nee → Ja" in html and "old@nova.example" in html
    today = clock.now.date()
    html = client.get(f"/history/?since={today.isoformat()}").get_data(as_text=True)
    assert "old@nova.example" in html and "Nee → Ja" not in html
    html = client.get(f"/history/?until={(today - timedelta(days=1)).isoformat()}").get_data(as_text=True)
    assert "old@nova.example" not in html and "Nee → Ja" in html


@pytest.mark.parametrize("query", ["since=2026-02-30", "until=31/13/2026", "since=0001-01-01",
                                   "since=2026-05-02&until=2026-05-01", "action=nonsense"])
def test_impossible_filters_are_refused_at_their_field(client, auth, admin, events, query):
    auth.login(admin.username)
    response = client.get(f"/history/?{query}")
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert client.get(f"/history/export.csv?{query}").status_code == 400


def test_paged_by_key_without_offset(client, auth, admin, enterprise, clock):
    actor = Actor.person(admin)
    for number in range(120):
        audit.record(actor, "user.blocked", subject=admin, changes={"n": number})
    auth.login(admin.username)
    first = client.get("/history/").get_data(as_text=True)
    assert "rel=\"next\"" in first
    before = int(first.split("before=")[1].split("&")[0].split('"')[0])
    second = client.get(f"/history/?before={before}").get_data(as_text=True)
    assert "n: – → 69" in second and "n: – → 70" not in second
    query = AuditEvent.log(enterprise, before=AuditEvent.get_by_id(before)).limit(51)
    sql, _params = query.sql()
    assert "OFFSET" not in sql.upper()


def test_the_plan_uses_the_enterprise_time_index(app, enterprise):
    if "sqlite" not in type(database.obj).__name__.lower():
        pytest.skip("the plan test reads SQLite's EXPLAIN QUERY PLAN")
    query = AuditEvent.log(enterprise).limit(51)
    sql, params = query.sql()
    plan = " ".join(str(row) for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "audit_event_enterprise_id_at" in plan and "TEMP B-TREE" not in plan
    every = AuditEvent.log().limit(51)
    sql, params = every.sql()
    plan = " ".join(str(row) for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "audit_event_at" in plan


def test_the_csv_export_neutralises_formulas(client, auth, admin, events):
    auth.login(admin.username)
    response = client.get("/history/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    assert "Vreemd" not in text
    assert "'=cmd" not in text or ";'=" in text or "→ =cmd" in text
    assert ";=cmd" not in text


def test_the_officer_reads_every_enterprise_and_filters_by_one(client, auth, events, enterprise):
    make_account(None, role=Role.OFFICER, username="officer.log")
    auth.login("officer.log", portal="backoffice")
    html = client.get("/history/").get_data(as_text=True)
    assert "Vreemd" in html and "Claes" in html
    html = client.get(f"/history/?enterprise={enterprise.kbo_number}").get_data(as_text=True)
    assert "Vreemd" not in html and "Claes" in html
    response = client.get("/history/?enterprise=0999999999")
    assert response.status_code == 422


def test_a_plain_user_has_no_history_page(client, auth, enterprise):
    make_account(enterprise, username="plain.log")
    auth.login("plain.log")
    assert client.get("/history/").status_code == 403
