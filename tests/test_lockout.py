"""The lock-out without abuse: 5 wrong passwords lock an account for the client that typed them,
not for its owner elsewhere; 20 over every client lock the account itself; each lock doubles."""

import pytest

from db.accounts import Account, Role
from db.audit import AuditEvent
from db.sessions import SignInFailure
from domain import auth as auth_domain
from domain import users
from tests.factories import PASSWORD, act, make_account, make_enterprise

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.10"


@pytest.fixture
def user(app):
    enterprise = make_enterprise(name="BUCOM NL")
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens")
    return make_account(enterprise, username="koen.jansen", first_name="Koen", last_name="Jansen")


def login(client, address, password=PASSWORD, username="koen.jansen"):
    return client.post("/login", data={"username": username, "password": password, "portal": "enterprise"},
                       environ_base={"REMOTE_ADDR": address})


def test_a_targeted_account_stays_usable_from_another_address(client, user):
    for _ in range(5):
        assert login(client, ATTACKER, "wrong-password").status_code == 401
    assert login(client, ATTACKER).status_code == 401  # the attacker's address is locked out
    assert login(client, OWNER).status_code == 303  # the owner is not
    assert not Account.get_by_id(user.id).is_locked()


def test_an_attacker_who_keeps_guessing_gets_no_more_tries_and_locks_nobody_else(client, user, clock):
    for _ in range(5):
        login(client, ATTACKER, "wrong-password")
    clock.travel(minutes=16)
    for _ in range(5):
        login(client, ATTACKER, "wrong-password")
    # the second lock lasts twice as long: 30 minutes
    clock.travel(minutes=16)
    assert login(client, ATTACKER).status_code == 401
    clock.travel(minutes=15)
    assert login(client, ATTACKER).status_code == 303
    assert login(client, OWNER).status_code == 303


def test_lock_durations_double_up_to_sixteen_hours():
    assert [auth_domain.lock_duration(n).total_seconds() / 60 for n in range(8)] == [
        15, 30, 60, 120, 240, 480, 960, 960]


def test_failures_spread_over_many_addresses_lock_the_account_itself(client, user, clock):
    for number in range(auth_domain.ACCOUNT_CEILING):
        login(client, f"203.0.113.{number // 4}", "wrong-password")
    stored = Account.get_by_id(user.id)
    assert stored.is_locked() and stored.lock_count == 1
    assert AuditEvent.about("account", user.id).where(AuditEvent.action == "account.locked").exists()
    # now the owner too must wait (or ask the local admin to unlock it): that is the ceiling's price
    assert login(client, OWNER).status_code == 401
    clock.travel(minutes=16)
    assert login(client, OWNER).status_code == 303


def test_an_ipv6_network_counts_as_one_client(client, user):
    for host in range(1, 6):
        login(client, f"2001:db8:1:2::{host}", "wrong-password")
    assert login(client, "2001:db8:1:2::99").status_code == 401
    assert login(client, "2001:db8:1:3::1").status_code == 303


def test_client_of_an_address():
    assert auth_domain.client_of("2001:db8:1:2:aaaa::7") == "2001:db8:1:2::/64"
    assert auth_domain.client_of("::ffff:192.0.2.1") == "192.0.2.1"
    assert auth_domain.client_of("192.0.2.1") == "192.0.2.1"
    assert auth_domain.client_of("not an address") == "not an address"


def test_a_success_forgets_this_clients_failures(client, user):
    for _ in range(4):
        login(client, OWNER, "wrong-password")
    assert login(client, OWNER).status_code == 303
    assert SignInFailure.of(user, OWNER) is None


def test_failures_are_forgotten_a_day_later(client, user, clock):
    for _ in range(4):
        login(client, ATTACKER, "wrong-password")
    clock.travel(hours=25)
    login(client, ATTACKER, "wrong-password")
    assert SignInFailure.of(user, ATTACKER).failures == 1


def test_the_local_admins_unlock_lifts_every_clients_lock(client, user):
    for _ in range(5):
        login(client, ATTACKER, "wrong-password")
    admin = Account.by_username("els.janssens")
    users.unlock(act(admin), Account.get_by_id(user.id))
    assert login(client, ATTACKER).status_code == 303


def test_an_unknown_username_stores_nothing(client, user):
    for _ in range(6):
        login(client, ATTACKER, "wrong-password", username="nobody.here")
    assert not SignInFailure.select().exists()


# -- the per-client locks in user management ----------------------------------------------------

def admin_client(app):
    admin = app.test_client()
    admin.post("/login", data={"username": "els.janssens", "password": PASSWORD, "portal": "enterprise"},
               environ_base={"REMOTE_ADDR": "192.0.2.1"})
    return admin


def locked_from(client, *addresses):
    for address in addresses:
        for _ in range(5):
            login(client, address, "wrong-password")


def row_of(page, account):
    import re
    return re.search(rf'<tr id="user-{account.id}".*?</tr>', page, re.S).group(0)


def test_the_list_and_the_users_page_show_a_lock_for_one_address(app, client, user):
    locked_from(client, ATTACKER)
    admin = admin_client(app)
    row = row_of(admin.get("/users/").get_data(as_text=True), user)
    assert "Vergrendeld voor één adres tot" in row and "Ontgrendelen" in row
    page = admin.get(f"/users/{user.id}").get_data(as_text=True)
    assert "Vergrendeld voor één adres tot" in page
    assert ATTACKER in page and OWNER not in page
    assert f'action="/users/{user.id}/unlock"' in page


def test_the_list_counts_the_addresses(app, client, user):
    locked_from(client, ATTACKER, "203.0.113.67")
    row = row_of(admin_client(app).get("/users/").get_data(as_text=True), user)
    assert "Vergrendeld voor 2 adressen tot" in row


def test_the_account_wide_lock_reads_as_before(app, client, user):
    from datetime import datetime
    locked_from(client, ATTACKER)
    Account.update(locked_until=datetime(2099, 1, 15, 13, 5)).where(Account.id == user.id).execute()
    row = row_of(admin_client(app).get("/users/").get_data(as_text=True), user)
    assert "Vergrendeld tot 14:05" in row and "adres" not in row


def test_unlock_on_the_users_page_clears_the_clients_locks_audited_and_comes_back(app, client, user):
    locked_from(client, ATTACKER)
    admin = admin_client(app)
    response = admin.post(f"/users/{user.id}/unlock", data={"next": f"/users/{user.id}"})
    assert response.status_code == 303 and response.headers["Location"] == f"/users/{user.id}"
    assert not SignInFailure.select().exists()
    event = AuditEvent.select().where(AuditEvent.action == "user.unlocked").get()
    assert event.change_dict == {"locked_for_clients": [ATTACKER, None]}
    page = admin.get(f"/users/{user.id}").get_data(as_text=True)
    assert "Vergrendeld voor één adres tot" not in page and 'id="locks-heading"' not in page
    assert login(client, ATTACKER).status_code == 303
    # nothing locked: nothing to record
    admin.post(f"/users/{user.id}/unlock", data={"next": f"/users/{user.id}"})
    assert AuditEvent.select().where(AuditEvent.action == "user.unlocked").count() == 1


def test_unlock_clears_both_kinds_in_one_event(app, client, user):
    from datetime import datetime
    locked_from(client, ATTACKER)
    Account.update(locked_until=datetime(2099, 1, 1)).where(Account.id == user.id).execute()
    admin = admin_client(app)
    admin.post(f"/users/{user.id}/unlock", headers={"HX-Request": "true"})
    stored = Account.get_by_id(user.id)
    assert stored.locked_until is None and not SignInFailure.select().exists()
    event = AuditEvent.select().where(AuditEvent.action == "user.unlocked").get()
    assert set(event.change_dict) == {"locked_for_clients", "locked_until"}


def test_the_history_names_the_addresses_unlocked(app, client, user):
    locked_from(client, ATTACKER)
    admin = admin_client(app)
    admin.post(f"/users/{user.id}/unlock")
    page = admin.get(f"/users/{user.id}").get_data(as_text=True)
    assert "Vergrendeld voor de adressen" in page and ATTACKER in page


def test_an_expired_client_lock_is_not_shown(app, client, user, clock):
    locked_from(client, ATTACKER)
    clock.travel(minutes=16)
    admin = admin_client(app)
    assert "Vergrendeld" not in row_of(admin.get("/users/").get_data(as_text=True), user)


def test_the_list_asks_for_the_locks_once_whatever_the_number_of_locked_rows(app, client, user):
    from tests.test_page_cost import statements_of
    admin = admin_client(app)
    before, _ = statements_of(admin, "/users/")
    others = [make_account(user.enterprise, username=f"locked.{n}") for n in range(3)]
    for other in others:
        for _ in range(5):
            login(client, ATTACKER, "wrong-password", username=other.username)
    after, response = statements_of(admin, "/users/")
    assert response.get_data(as_text=True).count("Vergrendeld voor één adres tot") == 3
    assert len(after) == len(before), "\n".join(after)
    assert sum("sign_in_failure" in statement for statement in after) == 1
