"""The demo data set: every account of the README signs in."""

import pytest

from db.accounts import Account
from domain.identifiers import national_number

ACCOUNTS = [
    ("els.janssens", "Demo-Beheerder-2026", "enterprise", "/welcome/"),
    ("marie.dubois", "Demo-Beheerder-2026", "enterprise", "/welcome/"),
    ("stts1.demo", "Demo-Gebruiker-2026", "enterprise", "/welcome/"),
    ("stts2.demo", "Demo-Gebruiker-2026", "enterprise", "/welcome/"),
    ("stts3.demo", "Demo-Gebruiker-2026", "enterprise", "/welcome/"),
    ("rsz.officer", "Demo-Officer-2026", "backoffice", "/backoffice/"),
]


@pytest.mark.parametrize(("username", "password", "portal", "start"), ACCOUNTS)
def test_demo_accounts_sign_in(demo, auth, username, password, portal, start):
    response = auth.login(username, password, portal)
    assert response.headers["Location"] == start


def test_demo_accounts_have_valid_national_numbers(demo):
    for account in Account.select():
        assert national_number(account.national_number) == account.national_number


def test_demo_users_have_one_stts_profile_each(demo):
    profiles = {a.username: a.stts_profile for a in Account.select() if a.username.startswith("stts")}
    assert profiles == {"stts1.demo": "stts1", "stts2.demo": "stts2", "stts3.demo": "stts3"}


def test_marie_dubois_speaks_french(demo):
    assert Account.by_username("marie.dubois").language == "fr"
