"""The user list's htmx answers remembered per process (web.answer_cache): served again only while
the enterprise's users are as they were, whoever changed them, and no lock shown has run out."""

import importlib
from datetime import timedelta

import pytest

from db.accounts import Account, AccountApplication, Role
from db.applications import Application
from db.base import database
from db.clock import utcnow
from db.enterprises import EnterpriseGeneration
from db.sessions import SignInFailure
from tests.conftest import Auth
from tests.factories import make_account, make_enterprise
from tests.test_page_cost import statements_of

HX = {"HX-Request": "true"}
SEARCH = "/users/search?name=jans"
SHOWN = importlib.import_module("db.migrations.0090_users_generation").SHOWN_ACCOUNT_COLUMNS
# the account columns no user list shows or searches: a change of them keeps the remembered answers
NOT_SHOWN = {"id", "email", "language", "password_hash", "must_change_password", "failed_logins",
             "lock_count", "stts_profile", "version", "created_at", "updated_at", "last_login_at"}


@pytest.fixture
def bucom(app, auth):
    enterprise = make_enterprise("BUCOM NL")
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.peeters", first_name="Els",
                 last_name="Peeters")
    for n in range(3):
        make_account(enterprise, username=f"jan.{n}", first_name="Jan", last_name=f"Janssens {n}")
    auth.login("els.peeters")
    return enterprise


def answer(client, url=SEARCH):
    sql, response = statements_of(client, url, **HX)
    return sql, response.get_data(as_text=True)


def another_process(statement, *values):
    """A change written without the app's code, as another process or a console would."""
    database.execute_sql(statement.replace("?", database.obj.param), values)


def test_the_same_search_is_answered_again_without_searching(client, bucom):
    first_sql, first = answer(client)
    again_sql, again = answer(client)
    assert again == first and first.count('<tr id="user-') == 3
    assert any("account_term" in statement for statement in first_sql)
    assert not any("account_term" in statement for statement in again_sql), "\n".join(again_sql)
    assert len(again_sql) < len(first_sql)


@pytest.mark.parametrize("change, seen", [
    ("UPDATE account SET blocked = TRUE, block_reason = 'manual' WHERE username = 'jan.1'", "Geblokkeerd"),
    ("UPDATE account SET first_name = 'Johan' WHERE username = 'jan.1'", "Johan"),
    ("UPDATE account SET role = 'local_admin' WHERE username = 'jan.1'", "Lokale beheerder"),
    ("DELETE FROM account WHERE username = 'jan.1'", "2 gebruikers gevonden"),
])
def test_a_change_of_a_shown_account_by_anyone_shows_at_once(client, bucom, change, seen):
    _, before = answer(client)
    assert seen not in before
    another_process(change)
    _, after = answer(client)
    assert seen in after


def test_a_new_account_shows_at_once(client, bucom):
    answer(client)
    make_account(bucom, username="jan.9", first_name="Jan", last_name="Janssens 9")
    assert "jan.9" in answer(client)[1]


def test_an_application_granted_shows_at_once(client, bucom):
    url = "/users/search?applications=stts"
    assert "jan.1" not in answer(client, url)[1]
    stts = Application.by_codes(["stts"])[0]
    another_process("INSERT INTO account_application (account_id, application_id) VALUES (?, ?)",
                    Account.by_username("jan.1").id, stts.id)
    assert "jan.1" in answer(client, url)[1]
    another_process("DELETE FROM account_application")
    assert "jan.1" not in answer(client, url)[1]


def test_a_client_lock_shows_at_once_and_goes_when_it_runs_out(client, bucom, clock):
    _, before = answer(client)
    assert "Vergrendeld" not in before
    SignInFailure.create(account=Account.by_username("jan.1"), client="198.51.100.7", failures=5,
                         locked_until=clock.now + timedelta(minutes=15), lock_count=1)
    assert "Vergrendeld voor één adres" in answer(client)[1]
    clock.travel(minutes=16)
    # nothing was written: the answer is not served past the end of the lock it shows
    assert "Vergrendeld" not in answer(client)[1]


def test_a_lock_of_the_account_is_not_served_past_its_end(client, bucom, clock):
    another_process("UPDATE account SET locked_until = ? WHERE username = 'jan.1'",
                    clock.now + timedelta(minutes=15))
    assert "Vergrendeld tot" in answer(client)[1]
    clock.travel(minutes=16)
    assert "Vergrendeld" not in answer(client)[1]


def test_a_sign_in_keeps_the_remembered_answers(client, bucom):
    generation = EnterpriseGeneration.of(bucom.id)
    another_process("UPDATE account SET last_login_at = ?, failed_logins = 0, version = version + 1"
                    " WHERE username = 'jan.1'", utcnow())
    assert EnterpriseGeneration.of(bucom.id) == generation


def test_every_account_column_is_known_as_shown_or_not():
    columns = {field.column_name for field in Account._meta.sorted_fields}
    assert set(SHOWN) | NOT_SHOWN == columns
    assert not set(SHOWN) & NOT_SHOWN


def test_another_enterprise_with_the_same_address_gets_its_own_answer(app, client, bucom, auth):
    answer(client)
    other = make_enterprise("Other NV")
    make_account(other, role=Role.LOCAL_ADMIN, username="an.admin", first_name="An", last_name="Admin")
    make_account(other, username="karel.j", first_name="Karel", last_name="Jansen")
    stranger = app.test_client()
    Auth(stranger).login("an.admin")
    _, theirs = answer(stranger)
    assert "karel.j" in theirs and "jan.1" not in theirs


def test_the_language_of_the_person_is_part_of_the_answer(client, bucom):
    assert "gebruikers gevonden" in answer(client)[1]
    Account.update(language="fr").where(Account.username == "els.peeters").execute()
    assert "utilisateurs" in answer(client)[1]


def test_a_full_page_is_never_served_from_memory(client, bucom):
    answer(client)
    sql, response = statements_of(client, SEARCH)
    assert "<html" in response.get_data(as_text=True)
    assert any("account_term" in statement for statement in sql)


def test_the_cache_forgets_the_least_recently_used(app):
    from web.answer_cache import AnswerCache
    cache = AnswerCache(2)
    now = utcnow()
    cache.put("a", "A", None)
    cache.put("b", "B", None)
    cache.get("a", now)
    cache.put("c", "C", None)
    assert cache.get("b", now) is None and cache.get("a", now).body == "A" and cache.get("c", now).body == "C"
    cache.put("d", "D", now)
    assert cache.get("d", now) is None


def test_an_answer_served_again_is_the_same_compressed_once(client, bucom):
    import brotli
    headers = {**HX, "Accept-Encoding": "gzip, br"}
    first = client.get(SEARCH, headers=headers)
    again = [client.get(SEARCH, headers=headers) for _ in range(2)]
    assert first.headers["Content-Encoding"] == "br" and first.headers["Content-Type"].startswith("text/html")
    for response in again:
        assert response.headers["Content-Encoding"] == "br"
        assert "Accept-Encoding" in response.headers["Vary"] and "HX-Request" in response.headers["Vary"]
        assert brotli.decompress(response.data) == brotli.decompress(first.data)
    assert again[0].data == again[1].data
    plain = client.get(SEARCH, headers={**HX, "Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.data == brotli.decompress(first.data)


def test_the_triggers_exist_on_this_database(app, bucom):
    generation = EnterpriseGeneration.of(bucom.id)
    with database.atomic():
        AccountApplication.create(account=Account.by_username("jan.2"),
                                  application=Application.by_codes(["stts"])[0])
    assert EnterpriseGeneration.of(bucom.id) == generation + 1
