"""Inactivity: the nightly job blocks users not used for STTS_INACTIVE_DAYS with the reason
'inactief', lists them apart, tells the local admin, and cleans up expired credentials and invitations."""

from datetime import timedelta

import pytest

from db.access_requests import ProvisionalCredential
from db.accounts import Account, BlockReason, Role
from db.audit import AuditEvent, System
from db.clock import utcnow
from db.second_factor import Invitation
from domain.actors import Actor
from domain.inactivity import block_inactive
from tests.factories import make_account, make_enterprise

NIGHTLY = Actor.of_system(System.NIGHTLY_JOB)


@pytest.fixture
def enterprise(app):
    return make_enterprise()


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="admin.inactive")


def test_a_user_not_used_for_180_days_is_blocked_as_inactive(enterprise, admin, clock):
    old = make_account(enterprise, username="old.user")
    recent = make_account(enterprise, username="recent.user")
    clock.travel(days=100)
    Account.update(last_login_at=utcnow()).where(Account.id == recent.id).execute()
    clock.travel(days=81)
    done = block_inactive(NIGHTLY, 180)
    assert done.blocked == 1
    old = Account.get_by_id(old.id)
    assert old.blocked and old.block_reason == BlockReason.INACTIVE
    assert not Account.get_by_id(recent.id).blocked
    # the local admin is never blocked by the job (nobody could unblock them)
    assert not Account.get_by_id(admin.id).blocked
    event = AuditEvent.get(AuditEvent.action == "user.blocked_inactive")
    assert event.actor_system == System.NIGHTLY_JOB and event.enterprise_id == enterprise.id
    # a second run changes nothing
    assert block_inactive(NIGHTLY, 180).blocked == 0


def test_listed_apart_told_on_the_welcome_page_and_unblocked_as_today(client, auth, enterprise, admin, clock):
    old = make_account(enterprise, username="old.user", last_name="Vergeten")
    clock.travel(days=181)
    block_inactive(NIGHTLY, 180)
    auth.login(admin.username)
    welcome = client.get("/welcome/").get_data(as_text=True)
    assert 'id="inactive-notice"' in welcome and "/users/search?inactive=y" in welcome
    listed = client.get("/users/search?inactive=y").get_data(as_text=True)
    assert "Vergeten" in listed and "inactief" in listed
    assert client.post(f"/users/{old.id}/unblock").status_code in (200, 303)
    old = Account.get_by_id(old.id)
    assert not old.blocked and old.block_reason == ""
    # the next night does not block the user the admin just unblocked
    assert block_inactive(NIGHTLY, 180).blocked == 0
    assert 'id="inactive-notice"' not in client.get("/welcome/").get_data(as_text=True)


def test_expired_invitations_and_provisional_credentials_are_cleaned(enterprise, admin, clock):
    from tests.factories import make_access_request
    user = make_account(enterprise, username="invited.user")
    now = utcnow()
    Invitation.create(account=user, token_hash="a" * 64, expires_at=now + timedelta(hours=72))
    Invitation.create(account=user, token_hash="b" * 64, expires_at=now - timedelta(hours=1))
    request = make_access_request()
    ProvisionalCredential.create(access_request=request, username="tmp-old-0001", password_hash="x",
                                 expires_at=now - timedelta(days=1))
    done = block_inactive(NIGHTLY, 180)
    assert (done.invitations, done.credentials) == (1, 1)
    assert Invitation.select().count() == 1


def test_the_command_runs_the_job(app, enterprise, clock):
    make_account(enterprise, username="cli.user")
    clock.travel(days=11)
    result = app.test_cli_runner().invoke(args=["accounts", "block-inactive", "--days", "10"])
    assert result.exit_code == 0, result.output
    assert "1 accounts blocked" in result.output
