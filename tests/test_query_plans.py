"""Every list and search is answered by index range scans whose work is bounded by the page (and
the count cap), never by the table: the plans of the main queries, asserted on SQLite (EXPLAIN
QUERY PLAN) and PostgreSQL (EXPLAIN, sequential scans off so that the plan of an empty test table
says what the planner would do with a large one).

The data: a few thousand users and dossiers made by `flask populate`'s own functions, then
ANALYZE, so that PostgreSQL's costs are those of a real table.

A plan passes when no table is scanned whole and the query's own index is used with its criterion
in the index condition: a search never walks the enterprise's whole index range and filters it.
The few queries that cannot be bounded so (the complementary search, the applications filter)
are named in the README's "Speed at scale" and measured in the bench.
"""

import random
import re

import pytest

from app import create_app
from commands.populate import operators_for, populate_audit, populate_dossiers, populate_users
from db.access_requests import AccessRequest, RequestStatus
from db.accounts import Account, AccountTerm
from db.audit import AuditEvent
from db.base import database
from db.catalogue import ensure_catalogue
from db.connection import is_postgresql
from db.dossiers import Dossier, DossierTerm, Status, Task, TaskStatus
from db.enterprises import Enterprise
from db.fields import words_query
from db.text import search_words
from domain import dossiers, users
from tests.conftest import empty_database
from tests.factories import make_access_request
from web.paging import COUNT_CAP


@pytest.fixture(scope="module")
def bucom(database_url):
    """BUCOM NL with 3,000 users and a third of 9,000 dossiers (the rest at two other operators)."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                      "DEMO": False})
    with app.app_context():
        database.connect(reuse_if_open=True)
        ensure_catalogue()
        rng = random.Random(13)
        operators = operators_for(3)
        populate_users(rng, operators[0], 3000)
        populate_dossiers(rng, operators, 9000, {})
        populate_audit(operators[0], 1, 3000)
        for _ in range(3):
            make_access_request()
        database.execute_sql("ANALYZE")
        yield Enterprise.get_by_id(operators[0].id)
        empty_database()
        if not is_postgresql(database):
            # the other tests plan without statistics, as before
            database.execute_sql("DROP TABLE IF EXISTS sqlite_stat1")
            database.close()


def plan(query):
    """The plan of `query` as lines of text."""
    sql, params = query.sql()
    if is_postgresql(database):
        with database.atomic():
            database.execute_sql("SET LOCAL enable_seqscan = off")
            rows = database.execute_sql(f"EXPLAIN {sql}", params).fetchall()
        return [row[0] for row in rows]
    return [row[-1] for row in database.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()]


def assert_bounded(query, sqlite_index, postgresql_index=None, condition=None):
    """No table scanned whole; `sqlite_index` (PostgreSQL: `postgresql_index`, else the same) used
    with more than the enterprise in its condition (the `condition` column, when given)."""
    lines = plan(query)
    text = "\n".join(lines)
    if is_postgresql(database):
        assert "Seq Scan" not in text, text
        index = postgresql_index or sqlite_index
        used = rf"Index (Only )?Scan (Backward )?using (?:{index}) |Bitmap Index Scan on (?:{index})\b"
        assert re.search(used, text), text
        if condition:
            assert re.search(rf"Index Cond: .*{condition}", text), text
    else:
        assert not any(line.startswith("SCAN ") for line in lines), text
        used = [line for line in lines if f"{sqlite_index} " in line or line.endswith(sqlite_index)]
        assert used, text
        if condition:
            assert any(condition in line for line in used), text


CRITERIA = users.UserCriteria


@pytest.mark.parametrize(("criteria", "sqlite_index", "postgresql_index", "condition"), [
    # a name search: a range of the words' key, then the accounts by id
    (CRITERIA(name="jans"), "sqlite_autoindex_account_term_1", "account_term_pkey", "term"),
    (CRITERIA(name="zzyzx"), "sqlite_autoindex_account_term_1", "account_term_pkey", "term"),
    (CRITERIA(national_number="85.11"), "account_enterprise_id_national_number", None, "national_number"),
    (CRITERIA(blocked=True), "account_enterprise_id_blocked_last_name_key_first_name_key_id", None,
     "blocked"),
    (CRITERIA(name="jans", blocked=True), "sqlite_autoindex_account_term_1", "account_term_pkey", "term"),
])
def test_the_user_search_is_bounded(bucom, criteria, sqlite_index, postgresql_index, condition):
    query = users.search_users(bucom, criteria)
    assert_bounded(query.limit(26), sqlite_index, postgresql_index, condition)
    # and the capped count walks no more
    assert_bounded(query.limit(COUNT_CAP + 1), sqlite_index, postgresql_index, condition)


@pytest.mark.parametrize("sort", ["name", "username"])
def test_the_user_list_is_a_walk_of_one_page_of_its_sort_index(bucom, sort):
    query = users.search_users(bucom, CRITERIA(), sort).limit(26)
    index = {"name": "account_enterprise_id_last_name_key_first_name_key_id",
             "username": "account_enterprise_id_username"}[sort]
    assert_bounded(query, index)
    assert "TEMP B-TREE" not in "\n".join(plan(query))  # no sort: the index gives the page's order


def test_complementary_search_and_the_applications_filter_scan_no_table(bucom):
    """Not bounded by the page alone (see the README), but never a full scan either."""
    for criteria in (CRITERIA(name="jans", complementary=True), CRITERIA(applications=("stts",)),
                     CRITERIA(blocked=True, complementary=True)):
        lines = plan(users.search_users(bucom, criteria).limit(26))
        text = "\n".join(lines)
        assert "Seq Scan" not in text and not any(line.startswith("SCAN ") for line in lines), text


DOSSIER = dossiers.DossierCriteria


@pytest.mark.parametrize(("criteria", "sqlite_index", "postgresql_index", "condition"), [
    (DOSSIER(name="smet"), "sqlite_autoindex_dossier_term_1", "dossier_term_pkey", "term"),
    # PostgreSQL may take the number's range at every operator: as short
    (DOSSIER(national_number="40.01"), "dossier_enterprise_id_national_number",
     "dossier_enterprise_id_national_number|dossier_national_number_line_number", "national_number"),
    (DOSSIER(line_number="0470"), "dossier_enterprise_id_line_number", None, "line_number"),
    (DOSSIER(customer_number="C-1"), "dossier_enterprise_id_customer_number", None, "customer_number"),
    (DOSSIER(status=Status.ACTIVE), "dossier_enterprise_id_status_name_key_id", None, "status"),
    (DOSSIER(), "dossier_enterprise_id_name_key_id", None, None),
])
def test_the_dossier_search_is_bounded(bucom, criteria, sqlite_index, postgresql_index, condition):
    query = dossiers.search_dossiers(bucom, criteria).limit(26)
    assert_bounded(query, sqlite_index, postgresql_index, condition)
    if not criteria.name:
        # a page of the index, in its order: nothing to sort
        assert "TEMP B-TREE" not in "\n".join(plan(query))


@pytest.mark.parametrize(("criteria", "index"), [
    ({"status": TaskStatus.OPEN}, "task_enterprise_id_status_created_at_id"),
    ({"status": TaskStatus.OPEN, "kind": "close_dossier"}, "task_enterprise_id_status_kind_created_at"),
    ({}, "task_enterprise_id_created_at_id"),
])
def test_the_task_list_is_a_page_of_its_index(bucom, criteria, index):
    query = Task.listing(bucom, **criteria).limit(26)
    assert_bounded(query, index)
    assert "TEMP B-TREE" not in "\n".join(plan(query))


def test_the_back_office_queue_and_the_audit_history_are_bounded(bucom):
    account = Account.of_enterprise(bucom).order_by(Account.id).get()
    assert_bounded(AccessRequest.queue([RequestStatus.SUBMITTED]).limit(26),
                   "access_request_status_submitted_at_id", condition="status")
    assert_bounded(AuditEvent.of_enterprise(bucom).limit(5), "audit_event_enterprise_id_at")
    assert_bounded(AuditEvent.about_account(account).limit(26), "audit_event_subject_type_subject_id_at",
                   condition="subject_id")
    assert_bounded(Dossier.of_operator(bucom).where(Dossier.id == 1), "INTEGER PRIMARY KEY",
                   "dossier_pkey")


def test_the_welcome_pages_count_of_users_blocked_as_inactive_walks_only_them(bucom):
    # the index on why a user is blocked (migration 0065): not every blocked user's row read
    assert_bounded(Account.blocked_as_inactive(bucom), "account_enterprise_id_block_reason_blocked", None,
                   "block_reason")


def test_a_complementary_name_search_probes_each_account_it_walks(bucom):
    """NOT (name): the name index walked a page at a time, each account probed for the words by its
    own (account, term) key; not the list of every match built first (11,000 at 100,000 users).

    On PostgreSQL a probe per account (a SubPlan), never an anti join: the anti join's plan follows
    ANALYZE's sample of the terms (larger than its 30,000 rows here), and when it estimated the
    range at one entry it built the range whole and filtered it per account (CI, 2026-12-02)."""
    query = users.search_users(bucom, CRITERIA(name="jans", complementary=True))
    for limited in (query.limit(26), query.limit(COUNT_CAP + 1)):
        text = "\n".join(plan(limited))
        assert "account_term_account_id_term" in text, text
        assert "Anti Join" not in text and "Materialize" not in text, text
        assert "LIST SUBQUERY" not in text and "sqlite_autoindex_account_term_1" not in text, text
        assert "account_term_pkey" not in text and "Seq Scan" not in text, text


@pytest.mark.parametrize(("terms", "owner", "search", "typed", "sqlite_index", "postgresql_index"), [
    (AccountTerm, AccountTerm.account, lambda bucom, typed: users.search_users(bucom, CRITERIA(name=typed)),
     # the pair of the words (db.text.PAIR_MARK): one range of the key, nothing probed
     "els jans", "sqlite_autoindex_account_term_1", "account_term_pkey"),
    (DossierTerm, DossierTerm.dossier,
     lambda bucom, typed: dossiers.search_dossiers(bucom, DOSSIER(name=typed)),
     "lefevre elo", "dossier_term_dossier_id_term", "dossier_term_pkey"),
])
def test_a_search_of_several_words_finds_their_ids_once_by_the_index(bucom, terms, owner, search, typed,
                                                                     sqlite_index, postgresql_index):
    """The words: the range of their pair (accounts) or of the rarest one (dossiers), the others
    probed per candidate by the (owner, term) key, capped; run once, its ids then looked up by
    primary key for the page and for the count."""
    assert_bounded(words_query(terms, owner, bucom, search_words(typed)), sqlite_index, postgresql_index,
                   "term")
    for limited in (search(bucom, typed).limit(26), search(bucom, typed).limit(COUNT_CAP + 1)):
        lines = plan(limited)
        text = "\n".join(lines)
        # the ids found go as one value (db.fields.one_of): SQLite reads them from it (json_each)
        scans = [line for line in lines
                 if line.startswith("SCAN ") and not line.startswith("SCAN json_each ")]
        assert "Seq Scan" not in text and not scans and "account_term" not in text, text
        assert "SEARCH t1 USING INTEGER PRIMARY KEY" in text or "Index Scan using" in text, text
