"""The second factor (TOTP): turning it on, signing in with it, replay, recovery codes, the lock-out,
the requirement, the grace period and the resets."""

import re

import pyotp
import pytest

from db.access_requests import RequestStatus
from db.accounts import Account, Role
from db.audit import AuditEvent
from db.second_factor import RecoveryCode, SecondFactor
from domain import second_factor
from domain.actors import Actor
from domain.refusals import NotAllowed, Refused
from tests.factories import PASSWORD, make_access_request, make_account, make_enterprise


@pytest.fixture
def enterprise(app):
    return make_enterprise()


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="admin.one")


@pytest.fixture
def user(enterprise):
    return make_account(enterprise, username="user.one")


def secret_on_page(html):
    match = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', html)
    return match.group(1).replace(" ", "")


def turn_on(client, auth, account, clock):
    auth.login(account.username)
    page = client.get("/account/second-factor")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html
    secret = secret_on_page(html)
    response = client.post("/account/second-factor", data={"code": code_at(secret, clock)})
    assert response.status_code == 303, response.get_data(as_text=True)
    codes_page = client.get(response.headers["Location"]).get_data(as_text=True)
    codes = re.findall(r"<code>([0-9a-f-]{39})</code>", codes_page)
    assert len(codes) == 10
    auth.logout()
    return secret, codes


def _ts(clock):
    from datetime import UTC
    return clock.now.replace(tzinfo=UTC).timestamp()


def other_than(code):
    return "000000" if code != "000000" else "111111"


def events(action):
    return AuditEvent.select().where(AuditEvent.action == action).count()


def code_at(secret, clock, seconds=0):
    return pyotp.TOTP(secret).at(_ts(clock) + seconds)


# -- unit: the window and replay -------------------------------------------------------------------

def test_a_code_is_accepted_within_one_step_either_side_only():
    secret = pyotp.random_base32()
    now = 1_800_000_000
    totp = pyotp.TOTP(secret)
    assert second_factor.matching_step(secret, totp.at(now), now) == now // 30
    assert second_factor.matching_step(secret, totp.at(now - 30), now) == now // 30 - 1
    assert second_factor.matching_step(secret, totp.at(now + 30), now) == now // 30 + 1
    assert second_factor.matching_step(secret, totp.at(now - 90), now) is None
    assert second_factor.matching_step(secret, other_than(totp.at(now)), now) is None


def test_recovery_codes_are_128_bits_and_stored_as_sha256(app):
    code = second_factor.new_recovery_code()
    assert re.fullmatch(r"([0-9a-f]{4}-){7}[0-9a-f]{4}", code)
    assert second_factor.recovery_hash(code) == second_factor.recovery_hash(code.upper().replace("-", " "))
    assert len(second_factor.recovery_hash(code)) == 64


def test_the_secret_is_stored_encrypted(client, auth, user, clock):
    secret, _codes = turn_on(client, auth, user, clock)
    stored = SecondFactor.of(user).secret
    assert secret not in stored
    assert second_factor.decrypt(stored) == secret
    assert all(code.replace("-", "") not in {r.code_hash for r in RecoveryCode.select()} for code in _codes)


# -- signing in --------------------------------------------------------------------------------------

def test_turn_on_then_sign_in_with_a_code_once(client, auth, user, clock):
    secret, _codes = turn_on(client, auth, user, clock)
    assert AuditEvent.select().where(AuditEvent.action == "account.second_factor_enabled").count() == 1
    response = auth.login(user.username)
    assert response.status_code == 303 and response.headers["Location"] == "/login/code"
    # not signed in yet
    assert client.get("/welcome/").status_code == 302
    clock.travel(seconds=30)
    code = code_at(secret, clock)
    response = client.post("/login/code", data={"code": code})
    assert response.status_code == 303
    assert client.get("/welcome/").status_code == 200
    auth.logout()
    # the same code, within its window: refused (no replay)
    auth.login(user.username)
    response = client.post("/login/code", data={"code": code})
    assert response.status_code == 401
    assert "niet juist, of werd al gebruikt" in response.get_data(as_text=True)
    # an older step than the last accepted one: refused too
    response = client.post("/login/code", data={"code": code_at(secret, clock, -30)})
    assert response.status_code == 401


def test_a_wrong_code_counts_towards_the_lock_out(client, auth, user, clock):
    secret, _codes = turn_on(client, auth, user, clock)
    for _ in range(5):
        auth.login(user.username)
        assert client.post("/login/code", data={"code": "000000" if code_at(secret, clock) != "000000"
                                                else "111111"}).status_code == 401
    # the pair is locked now: even the right code (after the right password) is refused
    assert auth.login(user.username).status_code == 401
    assert AuditEvent.select().where(AuditEvent.action == "account.locked_for_client").count() == 1


def test_the_password_again_does_not_give_fresh_tries_at_the_code(client, auth, user, clock):
    secret, _codes = turn_on(client, auth, user, clock)
    for _ in range(4):
        auth.login(user.username)
        client.post("/login/code", data={"code": "12345x"})
    auth.login(user.username)
    client.post("/login/code", data={"code": "999999" if code_at(secret, clock) != "999999" else "888888"})
    response = auth.login(user.username)
    assert response.status_code == 401


def test_a_recovery_code_signs_in_once(client, auth, user, clock):
    _secret, codes = turn_on(client, auth, user, clock)
    auth.login(user.username)
    assert client.post("/login/code", data={"code": codes[0].upper()}).status_code == 303
    assert client.get("/welcome/").status_code == 200
    assert AuditEvent.select().where(AuditEvent.action == "account.recovery_code_used").count() == 1
    auth.logout()
    auth.login(user.username)
    response = client.post("/login/code", data={"code": codes[0]})
    assert response.status_code == 401
    assert second_factor.recovery_codes_left(user) == 9


def test_a_wrong_first_code_keeps_the_same_secret_and_says_so(client, auth, user, clock):
    auth.login(user.username)
    first = secret_on_page(client.get("/account/second-factor").get_data(as_text=True))
    response = client.post("/account/second-factor", data={"code": "abc"})
    assert response.status_code == 422
    response = client.post("/account/second-factor", data={"code": other_than(code_at(first, clock))})
    assert response.status_code == 422
    assert secret_on_page(response.get_data(as_text=True)) == first
    assert not second_factor.is_enabled(user)


def test_the_code_step_expires_after_five_minutes(client, auth, user, clock):
    secret, _codes = turn_on(client, auth, user, clock)
    auth.login(user.username)
    clock.travel(minutes=6)
    response = client.post("/login/code", data={"code": code_at(secret, clock)})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


# -- required, grace, requirement, resets ---------------------------------------------------------------

def test_a_local_admin_must_set_it_up_after_the_grace_period(client, auth, admin, clock):
    auth.login(admin.username)
    assert client.get("/welcome/").status_code == 200
    auth.logout()
    clock.travel(days=8)
    auth.login(admin.username)
    response = client.get("/welcome/")
    assert response.status_code == 302 and response.headers["Location"] == "/account/second-factor"
    assert client.get("/account/second-factor").status_code == 200


def test_the_local_admin_requires_it_of_every_user_audited(client, auth, admin, user, clock):
    auth.login(admin.username)
    enterprise = admin.enterprise
    response = client.post("/account/second-factor/requirement",
                           data={"required": "y", "version": enterprise.version})
    assert response.status_code == 303
    assert enterprise.__class__.get_by_id(enterprise.id).second_factor_required
    assert events("enterprise.second_factor_required_changed") == 1
    assert second_factor.is_required(Account.get_by_id(user.id))
    # a stale version: 409
    response = client.post("/account/second-factor/requirement", data={"version": enterprise.version})
    assert response.status_code == 409
    auth.logout()
    auth.login(user.username)
    auth.logout()
    clock.travel(days=8)
    auth.login(user.username)
    response = client.get("/welcome/")
    assert response.headers["Location"] == "/account/second-factor"


def test_a_plain_user_cannot_set_the_requirement(client, auth, user):
    auth.login(user.username)
    response = client.post("/account/second-factor/requirement", data={"required": "y", "version": 1})
    assert response.status_code == 403


def test_the_local_admin_resets_a_users_second_factor(client, auth, admin, user, clock):
    turn_on(client, auth, user, clock)
    other = make_account(make_enterprise(), username="stranger")
    auth.login(admin.username)
    assert client.post(f"/users/{other.id}/second-factor/reset").status_code == 404
    response = client.post(f"/users/{user.id}/second-factor/reset")
    assert response.status_code == 303
    assert not second_factor.is_enabled(user)
    assert AuditEvent.select().where(AuditEvent.action == "user.second_factor_reset").count() == 1
    # now the password alone signs the user in again
    auth.logout()
    assert auth.login(user.username).headers["Location"] != "/login/code"


def test_a_local_admin_cannot_reset_their_own_or_another_admins(admin, enterprise):
    with pytest.raises(NotAllowed):
        second_factor.reset_for_user(Actor.person(admin), admin)


def test_an_officer_resets_the_local_admins_after_the_procedure(client, auth, admin, enterprise, clock):
    turn_on(client, auth, admin, clock)
    officer = make_account(None, role=Role.OFFICER, username="officer.one")
    request = make_access_request()
    request.enterprise = enterprise
    request.save()
    with pytest.raises(NotAllowed):
        second_factor.reset_for_local_admin(Actor.person(officer), request)
    request.status = RequestStatus.ORIGINAL_RECEIVED
    request.save()
    assert second_factor.reset_for_local_admin(Actor.person(officer), request)
    assert not second_factor.is_enabled(admin)
    assert AuditEvent.select().where(AuditEvent.action == "access_request.second_factor_reset").count() == 1


def test_a_required_second_factor_cannot_be_turned_off(client, auth, admin, clock):
    turn_on(client, auth, admin, clock)
    with pytest.raises(NotAllowed):
        second_factor.disable(Actor.person(admin))


def test_enable_refuses_a_wrong_code(user):
    with pytest.raises(Refused):
        second_factor.enable(Actor.person(user), pyotp.random_base32(), "12")
    assert PASSWORD
