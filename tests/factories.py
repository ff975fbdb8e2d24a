"""Test data: enterprises and accounts with valid identifiers, made in one call."""

import itertools
import secrets

from db.accounts import Account, AccountApplication, Role
from db.applications import Application
from db.enterprises import Enterprise
from domain.actors import Actor
from domain.onboarding import file_access_request
from domain.passwords import hash_password

PASSWORD = "Test-Wachtwoord-2026"
_numbers = itertools.count(1)


def national_number(birth="850730", after_2000=False):
    """A fresh valid national register number (a new counter each call)."""
    counter = next(_numbers) % 998 + 1
    base = f"{birth}{counter:03d}"
    check = 97 - int(("2" if after_2000 else "") + base) % 97
    return f"{base}{check:02d}"


def enterprise_number():
    """A fresh valid KBO number."""
    base = f"0{next(_numbers) + 4000000:07d}"
    return f"{base}{97 - int(base) % 97:02d}"


def make_enterprise(name=None, **fields):
    number = enterprise_number()
    return Enterprise.create(name=name or f"Operator {number}", kbo_number=number, **fields)


def make_account(enterprise=None, role=Role.USER, username=None, password=PASSWORD, applications=(),
                 **fields):
    """An account; `applications` are catalogue codes it may use."""
    serial = next(_numbers)
    defaults = {
        "first_name": "Test",
        "last_name": f"User {serial}",
        "national_number": national_number(),
        "email": f"user{serial}@example.com",
        "language": "nl",
    }
    account = Account.create(
        enterprise=enterprise,
        role=role,
        username=username or f"user{serial}",
        password_hash=hash_password(password),
        **{**defaults, **fields},
    )
    for application in Application.by_codes(applications):
        AccountApplication.create(account=account, application=application)
    return account


def access_request_fields(**overrides):
    """The data of a valid access request for a new enterprise, as the public form files it."""
    fields = {
        "kbo_number": enterprise_number(), "rsz_number": None, "enterprise_name": "NOVA TELECOM BV",
        "street": "Kortrijksesteenweg 1020", "postcode": "9051", "city": "Gent",
        "rsz_local_admin": True, "replaces_local_admin": False,
        "admin_last_name": "Peeters", "admin_first_name": "Sofie", "admin_national_number": national_number(),
        "admin_capacity": "employee", "admin_email": "sofie.peeters@nova.example", "admin_phone": None,
        "signer_last_name": "Peeters", "signer_first_name": "Koen",
        "signer_national_number": national_number(),
        "signer_capacity": "manager", "signer_email": "koen.peeters@nova.example", "signer_phone": None,
        "signer_works_in_enterprise": True,
    }
    return {**fields, **overrides}


def make_access_request(language="nl", **overrides):
    """An access request filed through domain.onboarding, as the public form would."""
    filed, _created = file_access_request(Actor.visitor("127.0.0.1"), access_request_fields(**overrides),
                                          secrets.token_hex(16), language)
    return filed


def act(account, address="127.0.0.1"):
    """`account` acting, as a domain action's first argument (domain.actors.Actor)."""
    return Actor.person(account, address)


def admin_of(enterprise):
    """The enterprise's local admin acting (one is made if it has none yet)."""
    admin = Account.local_admin_of(enterprise) or make_account(enterprise, role=Role.LOCAL_ADMIN)
    return act(admin)
