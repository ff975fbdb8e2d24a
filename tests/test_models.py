"""The data model: accounts, their applications, enterprises and the audit log."""

import pytest
from peewee import IntegrityError

from db.accounts import Account, Role
from db.applications import STTS, Application
from db.audit import AuditEvent
from db.enterprises import Enterprise
from domain import audit
from tests.factories import act, make_account, make_enterprise


def test_search_keys_are_lower_case_and_accent_free(app):
    account = make_account(make_enterprise(), first_name="Élodie", last_name="D'Hondt-Van Acker")
    stored = Account.get_by_id(account.id)
    assert (stored.first_name_key, stored.last_name_key) == ("elodie", "dhondt van acker")


def test_usernames_are_found_whatever_their_case(app):
    account = make_account(make_enterprise(), username="pieter.peeters")
    assert Account.by_username("  Pieter.Peeters ") == account


def test_a_username_exists_once_across_enterprises(app):
    make_account(make_enterprise(), username="same.name")
    with pytest.raises(IntegrityError):
        make_account(make_enterprise(), username="same.name")


def test_a_national_number_exists_once_per_enterprise(app):
    bucom, telco = make_enterprise(), make_enterprise()
    make_account(bucom, national_number="85073003328")
    make_account(telco, national_number="85073003328")  # another enterprise: allowed
    with pytest.raises(IntegrityError):
        make_account(bucom, national_number="85073003328")


def test_a_local_admin_may_use_every_application(app):
    admin = make_account(make_enterprise(), role=Role.LOCAL_ADMIN)
    assert admin.applications().count() == Application.catalogue().count() == 8
    assert admin.may_use(STTS)


def test_a_user_may_use_only_the_applications_given(app):
    user = make_account(make_enterprise(), applications=["ebox", STTS])
    assert [a.code for a in user.applications()] == [STTS, "ebox"]
    assert not user.may_use("dmfa")


def test_accounts_of_an_enterprise_stay_in_that_enterprise(app):
    bucom, telco = make_enterprise(), make_enterprise()
    mine = make_account(bucom)
    make_account(telco)
    assert list(Account.of_enterprise(bucom)) == [mine]


def test_the_local_admin_of_an_enterprise(app):
    bucom = make_enterprise()
    make_account(bucom)
    admin = make_account(bucom, role=Role.LOCAL_ADMIN)
    assert Account.local_admin_of(bucom) == admin


def test_enterprise_found_by_kbo_or_rsz_number(app):
    bucom = make_enterprise(rsz_number="000935467")
    assert Enterprise.by_number(kbo_number=bucom.kbo_number) == bucom
    assert Enterprise.by_number(rsz_number="000935467") == bucom
    assert Enterprise.by_number() is None


def test_audit_events_keep_names_and_never_secrets(app):
    bucom = make_enterprise()
    actor = make_account(bucom, role=Role.LOCAL_ADMIN, first_name="Els", last_name="Janssens")
    user = make_account(bucom, first_name="Jan", last_name="Peeters")
    audit.record(act(actor), "user.changed", subject=user,
                 changes={"email": ["a@b.test", "c@d.test"], "password_hash": ["x", "y"]})
    event = AuditEvent.of_enterprise(bucom).get()
    assert (event.action, event.subject_name, event.actor_name) == (
        "user.changed", "Jan Peeters", f"Els Janssens ({actor.username})")
    assert event.change_dict == {"email": ["a@b.test", "c@d.test"]}
    assert list(AuditEvent.about("account", user.id)) == [event]


def test_audit_events_outlive_the_accounts_they_name(app):
    bucom = make_enterprise()
    actor = make_account(bucom, role=Role.LOCAL_ADMIN)
    user = make_account(bucom)
    audit.record(act(actor), "user.deleted", subject=user)
    user.delete_instance()
    actor.delete_instance()
    event = AuditEvent.get()
    assert event.actor is None and event.subject_name == user.full_name
