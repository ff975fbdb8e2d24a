"""Who may enter the STTS application at all."""

import pytest

from db.accounts import Role
from db.applications import STTS
from tests.factories import make_account, make_enterprise


@pytest.mark.parametrize(
    ("role", "profile", "applications", "status"),
    [
        (Role.USER, "stts1", [STTS], 200),
        (Role.USER, None, [STTS], 403),
        (Role.USER, "stts3", ["ebox"], 403),
        (Role.LOCAL_ADMIN, None, [], 403),
        (Role.LOCAL_ADMIN, "stts2", [], 200),
    ],
)
def test_only_accounts_with_a_profile_and_access_enter_stts(client, auth, role, profile, applications,
                                                            status):
    make_account(make_enterprise(), role=role, username="someone", stts_profile=profile,
                 applications=applications)
    auth.login("someone")
    assert client.get("/stts/").status_code == status
