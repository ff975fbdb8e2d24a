"""domain.users: the rules of user management, without the web around them."""

import re
from datetime import timedelta

import pytest

from db.accounts import Account, AccountApplication, Role
from db.applications import STTS
from db.audit import AuditEvent
from db.clock import utcnow
from db.exchange import ExchangeRegistration
from db.sessions import AccountSession
from domain import audit, users
from domain.passwords import verify_password
from domain.refusals import NotAllowed, Refused, StaleData
from domain.sessions import open_session
from tests.factories import act, make_account, make_enterprise, national_number


@pytest.fixture
def bucom(app):
    return make_enterprise(name="BUCOM NL")


@pytest.fixture
def admin(bucom):
    return make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                        last_name="Janssens")


@pytest.fixture
def pieter(bucom):
    return make_account(bucom, username="pieter.desmet", first_name="Pieter", last_name="De Smet",
                        email="pieter@bucom.be", applications=[STTS], stts_profile="stts1")


def new_user(enterprise, **changes):
    data = {"first_name": "Élodie", "last_name": "Lambert", "national_number": "92051412366",
            "email": "elodie@bucom.be", "language": "fr", "username": "Elodie.Lambert",
            "applications": [STTS, "ebox"], "stts_profile": "stts2"}
    return users.create_user(act(Account.local_admin_of(enterprise)), **{**data, **changes})


# -- create -------------------------------------------------------------------------------------

def test_create_user_registers_in_the_enterprise_with_a_one_time_password(bucom, admin):
    account, password = new_user(bucom)
    stored = Account.get_by_id(account.id)
    assert (stored.enterprise_id, stored.username, stored.role) == (bucom.id, "elodie.lambert", Role.USER)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", password)
    assert verify_password(stored.password_hash, password) and password not in stored.password_hash
    assert stored.must_change_password
    assert [a.code for a in stored.applications()] == [STTS, "ebox"]
    assert stored.stts_profile == "stts2"


def test_create_user_is_audited_without_the_password(bucom, admin):
    account, password = new_user(bucom)
    event = AuditEvent.about("account", account.id).get()
    assert event.action == "user.created"
    assert event.change_dict["username"] == [None, "elodie.lambert"]
    assert event.change_dict["applications"] == [None, ["ebox", STTS]]
    assert password not in event.changes


@pytest.mark.parametrize(("changes", "field"), [
    ({"username": "els.janssens"}, "username"),
    ({"username": "x"}, "username"),
    ({"national_number": "92051412367"}, "national_number"),
    ({"applications": [STTS, "no-such-application"]}, "applications"),
    ({"applications": ["ebox"], "stts_profile": "stts1"}, "stts_profile"),
    ({"applications": [STTS], "stts_profile": None}, "stts_profile"),
    ({"stts_profile": "stts9"}, "stts_profile"),
    ({"language": "en"}, "language"),
    ({"email": "not-an-address"}, "email"),
    ({"first_name": "   "}, "first_name"),
    ({"username": "tmp-abcd-efgh"}, "username"),
])
def test_create_user_refuses_bad_data_and_creates_nothing(bucom, admin, changes, field):
    with pytest.raises(Refused) as refusal:
        new_user(bucom, **changes)
    assert refusal.value.field == field
    assert Account.select().count() == 1 and not AuditEvent.select().exists()


def test_a_username_is_unique_across_enterprises(bucom, admin):
    make_account(make_enterprise(), username="elodie.lambert")
    with pytest.raises(Refused, match="already in use"):
        new_user(bucom)


def test_a_national_number_is_unique_within_the_enterprise_only(bucom, admin):
    make_account(make_enterprise(), national_number="92051412366")
    new_user(bucom)  # another enterprise's user may have the same number
    with pytest.raises(Refused) as refusal:
        new_user(bucom, username="elodie.two")
    assert refusal.value.field == "national_number"


def test_the_national_number_may_come_formatted(bucom, admin):
    account, _ = new_user(bucom, national_number="92.05.14-123.66")
    assert account.national_number == "92051412366"


# -- change -------------------------------------------------------------------------------------

def test_change_profile_changes_and_audits_only_what_changed(pieter, admin):
    changes = users.change_profile(act(admin), pieter, version=pieter.version, email="p.desmet@bucom.be",
                                   language="nl", applications=[STTS, "dmfa"], stts_profile="stts3")
    stored = Account.get_by_id(pieter.id)
    assert (stored.email, stored.stts_profile, stored.version) == ("p.desmet@bucom.be", "stts3", 2)
    assert users.application_codes(stored) == ["dmfa", STTS]
    assert changes == {"email": ["pieter@bucom.be", "p.desmet@bucom.be"], "stts_profile": ["stts1", "stts3"],
                       "applications": [[STTS], ["dmfa", STTS]]}
    event = AuditEvent.about("account", pieter.id).get()
    assert (event.action, event.change_dict) == ("user.profile_changed", changes)


def test_a_stale_version_never_overwrites_a_newer_change(pieter, admin):
    users.change_profile(act(admin), pieter, version=1, email="first@bucom.be", language="nl",
                         applications=[STTS], stts_profile="stts1")
    stale = Account.get_by_id(pieter.id)
    stale.version = 1  # the version the second admin's form was made from
    with pytest.raises(StaleData):
        users.change_profile(act(admin), stale, version=1, email="second@bucom.be", language="fr",
                             applications=[], stts_profile=None)
    stored = Account.get_by_id(pieter.id)
    assert (stored.email, stored.language) == ("first@bucom.be", "nl")
    assert users.application_codes(stored) == [STTS]


def test_taking_stts_away_needs_the_profile_gone_too(pieter, admin):
    with pytest.raises(Refused) as refusal:
        users.change_profile(act(admin), pieter, version=1, email="p@bucom.be", language="nl",
                             applications=["ebox"], stts_profile="stts1")
    assert refusal.value.field == "stts_profile"
    assert users.application_codes(Account.get_by_id(pieter.id)) == [STTS]


def test_a_local_admin_keeps_every_application_and_may_take_a_profile(admin):
    users.change_profile(act(admin), admin, version=1, email="els@bucom.be", language="nl", applications=[],
                         stts_profile="stts3")
    stored = Account.get_by_id(admin.id)
    assert stored.stts_profile == "stts3" and stored.applications().count() == 8
    assert not AccountApplication.select().exists()


def test_correcting_a_national_number_is_its_own_audit_event(pieter, admin):
    old = pieter.national_number
    assert users.correct_national_number(act(admin), pieter, version=1, national_number="85.07.30-033.28")
    event = AuditEvent.about("account", pieter.id).get()
    assert (event.action, event.change_dict) == ("user.national_number_corrected",
                                                 {"national_number": [old, "85073003328"]})


def test_a_national_number_of_a_colleague_cannot_be_taken_by_correction(bucom, pieter, admin):
    colleague = make_account(bucom, national_number=national_number())
    with pytest.raises(Refused):
        users.correct_national_number(act(admin), pieter, version=1,
                                      national_number=colleague.national_number)


# -- guards, password, blocking -----------------------------------------------------------------

def test_the_guard_protects_the_admin_and_other_admins(bucom, admin, pieter):
    other_admin = make_account(bucom, role=Role.LOCAL_ADMIN)
    assert users.may_manage(act(admin), pieter)
    assert not users.may_manage(act(admin), admin) and not users.may_manage(act(admin), other_admin)
    for action in (users.block, users.unblock, users.reset_password, users.delete_user):
        with pytest.raises(NotAllowed):
            action(act(admin), other_admin)
        with pytest.raises(NotAllowed):
            action(act(admin), admin)
    assert Account.select().count() == 3 and not AuditEvent.select().exists()


def test_reset_password_gives_a_one_time_password_and_ends_sessions(admin, pieter):
    open_session(account=pieter)
    Account.update(locked_until=utcnow() + timedelta(minutes=10), failed_logins=0).execute()
    pieter = Account.get_by_id(pieter.id)
    password = users.reset_password(act(admin), pieter)
    stored = Account.get_by_id(pieter.id)
    assert verify_password(stored.password_hash, password)
    assert stored.must_change_password and stored.locked_until is None
    assert not AccountSession.select().where(AccountSession.account == pieter.id).exists()
    event = AuditEvent.about("account", pieter.id).get()
    assert event.action == "user.password_reset" and password not in event.changes


def test_block_ends_sessions_and_happens_once(admin, pieter):
    open_session(account=pieter)
    assert users.block(act(admin), pieter)
    assert not users.block(act(admin), pieter)  # a double click changes nothing more
    stored = Account.get_by_id(pieter.id)
    assert stored.blocked
    assert not AccountSession.select().where(AccountSession.account == pieter.id).exists()
    assert [e.action for e in AuditEvent.about("account", pieter.id)] == ["user.blocked"]
    assert users.unblock(act(admin), stored)
    assert not Account.get_by_id(pieter.id).blocked


def test_unlock_lifts_a_lock_after_failed_sign_ins(admin, pieter):
    Account.update(locked_until=utcnow() + timedelta(minutes=10)).where(Account.id == pieter.id).execute()
    assert users.unlock(act(admin), Account.get_by_id(pieter.id))
    assert Account.get_by_id(pieter.id).locked_until is None
    assert not users.unlock(act(admin), Account.get_by_id(pieter.id))


# -- delete -------------------------------------------------------------------------------------

def test_delete_removes_the_account_and_its_rights_and_keeps_a_record(admin, pieter):
    audit.record(act(pieter), "dossier.requested", subject=admin)
    assert users.references_to(pieter) == [(users.REFERENCES[0][0], 1)]
    users.delete_user(act(admin), pieter)
    assert not Account.select().where(Account.id == pieter.id).exists()
    assert not AccountApplication.select().exists()
    deleted = AuditEvent.get(AuditEvent.action == "user.deleted")
    assert deleted.subject_name == "Pieter De Smet"
    assert deleted.change_dict["username"] == ["pieter.desmet", None]
    performed = AuditEvent.get(AuditEvent.action == "dossier.requested")
    assert performed.actor is None and performed.actor_name == "Pieter De Smet (pieter.desmet)"


def test_the_technical_sender_of_structured_messages_is_a_reference(bucom, admin, pieter):
    ExchangeRegistration.create(enterprise=bucom, technical_sender=pieter,
                                technical_sender_name=pieter.full_name)
    assert (users.REFERENCES[1][0], 1) in users.references_to(pieter)
    users.delete_user(act(admin), pieter)
    assert ExchangeRegistration.get(ExchangeRegistration.enterprise == bucom).technical_sender is None


# -- bulk and search criteria ---------------------------------------------------------------------

def test_bulk_block_skips_whom_it_may_not_block_and_says_why(bucom, admin, pieter):
    blocked = make_account(bucom, blocked=True)
    plan = users.apply_bulk(act(admin), [admin, pieter, blocked], block=True)
    assert plan.changes == [pieter]
    assert [(a, str(reason)) for a, reason in plan.skipped] == [
        (admin, "You cannot block, delete or reset the password of your own account here."),
        (blocked, "Already blocked.")]
    assert Account.get_by_id(pieter.id).blocked


def test_criteria_read_national_numbers_in_any_formatting():
    assert users.UserCriteria(national_number="85.07.30-033 28").national_number_digits == "85073003328"
    assert users.UserCriteria().is_empty and users.UserCriteria(complementary=True).is_empty
    assert not users.UserCriteria(blocked=True).is_empty


def test_unlocking_twice_at_once_lifts_and_records_the_lock_once(admin, pieter):
    Account.update(locked_until=utcnow() + timedelta(minutes=10)).where(Account.id == pieter.id).execute()
    first, second = Account.get_by_id(pieter.id), Account.get_by_id(pieter.id)  # two clicks, one read each
    assert users.unlock(act(admin), first)
    assert not users.unlock(act(admin), second)
    assert AuditEvent.select().where(AuditEvent.action == "user.unlocked").count() == 1
