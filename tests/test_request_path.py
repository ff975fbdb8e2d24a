"""What a request costs besides its own work (issue 13): the database connection comes from the
process's pool and goes back to it (no connect and close per request, SQLite's cache kept warm),
a search of several common words is driven by the rarest one, and a change with no new task
does not look at every recent task for its notice."""

import threading

import pytest
from flask import request_finished

from db import fields
from db.accounts import AccountTerm, Role
from db.base import database
from db.connection import open_database
from db.dossiers import TaskKind
from db.routing import TaskNotice
from db.text import search_words
from domain import routing, users
from domain.tasks import open_task
from tests.channel_data import registered_operator
from tests.factories import make_account, make_enterprise
from tests.stts_data import active_dossier


@pytest.fixture
def signed_in(app, auth):
    bucom = make_enterprise(name="BUCOM NL")
    make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                 last_name="Janssens")
    auth.login("els.janssens")
    return bucom


def test_requests_of_a_thread_share_one_pooled_connection(app, client, signed_in):
    seen = []

    def remember(sender, response, **extra):
        seen.append(database.connection())

    with request_finished.connected_to(remember, app):
        for _ in range(3):
            assert client.get("/users/").status_code == 200
    assert len(seen) == 3 and seen[0] is seen[1] is seen[2]
    assert database.is_closed()  # handed back to the pool between requests


def test_a_connection_goes_back_to_the_pool_without_a_transaction(database_url):
    pool = open_database(database_url, pooled=True)
    pool.connect()
    connection = pool.connection()
    pool.execute_sql("BEGIN")
    pool.close()
    pool.connect()
    assert pool.connection() is connection
    pool.execute_sql("SELECT 1")
    in_transaction = (connection.in_transaction if hasattr(connection, "in_transaction")
                      else connection.get_transaction_status() != 0)
    assert not in_transaction
    pool.close_all()


def test_sqlite_reads_through_memory_mapping(app, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite only")
    database.connect(reuse_if_open=True)
    assert database.execute_sql("PRAGMA mmap_size").fetchone()[0] > 0


@pytest.fixture
def common_words(app, monkeypatch):
    """BUCOM NL where 'els' and 'jans' are both more common than MATCH_CAP, and one Els Janssens."""
    monkeypatch.setattr(fields, "MATCH_CAP", 5)
    monkeypatch.setattr(fields, "DRIVER_COUNT_CAP", 100)
    bucom = make_enterprise(name="BUCOM NL")
    for number in range(30):
        make_account(bucom, username=f"user{number}", first_name="Jan", last_name=f"Janssens {number}")
    for number in range(8):
        make_account(bucom, username=f"els{number}", first_name="Els", last_name="Peeters")
    make_account(bucom, username="els.janssens", first_name="Els", last_name="Janssens")
    return bucom


def test_a_pair_of_common_words_drives_the_search(common_words):
    """'els jans': the range of the pair term of both (db.text.PAIR_MARK) holds only the accounts
    having both; nothing is left to check per candidate."""
    query = fields.words_query(AccountTerm, AccountTerm.account, common_words, search_words("els jans"))
    sql, params = query.sql()
    assert params[1:3] == ["\x01els\x1fjans", "\x01els\x1fjant"] and "EXISTS" not in sql, (sql, params)
    found = users.search_users(common_words, users.UserCriteria(name="els jans"))
    assert [account.username for account in found] == ["els.janssens"]


def test_without_a_pair_the_rarest_of_several_common_words_drives_the_search(common_words):
    """'el jans' (no second word of three letters for a pair): the rarer word's range is walked (each
    of its entries checked for the other word), not the first word of the longest-first order."""
    query = fields.words_query(AccountTerm, AccountTerm.account, common_words, search_words("el jans"))
    sql, params = query.sql()
    assert params[1:3] == ["el", "em"], (sql, params)  # the driving range: 'el', 18 words, not 'jans', 60
    found = users.search_users(common_words, users.UserCriteria(name="el jans"))
    assert [account.username for account in found] == ["els.janssens"]


def test_a_pooled_connection_serves_another_thread_after_it(database_url):
    """gunicorn's threads share the process's pool: a connection one thread handed back is the next
    thread's (SQLite's own check that a connection stays in its thread is off for the pool)."""
    pool = open_database(database_url, pooled=True)
    used, failures = [], []

    def one_request():
        try:
            pool.connect()
            used.append(pool.connection())
            pool.execute_sql("SELECT 1").fetchone()
            pool.close()
        except Exception as error:  # a thread's exception would not fail the test by itself
            failures.append(error)

    for _ in range(2):
        thread = threading.Thread(target=one_request)
        thread.start()
        thread.join()
    assert not failures and len(used) == 2 and used[0] is used[1]
    pool.close_all()


def test_a_change_with_no_new_task_does_not_probe_every_recent_task(app):
    """After every POST that went through, deliver_task_notices looks for new tasks: with nothing
    new it counts two key ranges and does not probe each of the last NOTICE_MARGIN tasks."""
    operator, _ = registered_operator()
    open_task(active_dossier(operator, make_account(operator, stts_profile="stts3", applications=["stts"])),
              TaskKind.CLOSE_DOSSIER)
    with app.app_context():
        assert routing.deliver_task_notices() == (0, 0)  # the new task: its notice (the task list)
        assert TaskNotice.select().count() == 1
        statements = []
        original = database.obj.execute_sql

        def counted(sql, params=None, *args, **kwargs):
            statements.append(sql)
            return original(sql, params, *args, **kwargs)

        database.obj.execute_sql = counted
        try:
            assert routing.deliver_task_notices() == (0, 0)
        finally:
            del database.obj.execute_sql
    assert len(statements) == 3 and not any("EXISTS" in sql for sql in statements), statements
    # a task made now is still announced
    open_task(active_dossier(operator, make_account(operator, stts_profile="stts3", applications=["stts"])),
              TaskKind.CLOSE_DOSSIER)
    with app.app_context():
        routing.deliver_task_notices()
    assert TaskNotice.select().count() == 2
