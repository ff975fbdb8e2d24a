"""The demo data set: two operators, their local admins and users, an officer, access requests,
STTS dossiers and tasks, one module per area.

Loaded by `make run` on a new database (unless STTS_DEMO=0) and put back by `flask reset-demo`.
The README lists the accounts.
"""

from commands.demo.access_requests import load_demo_access_requests
from commands.demo.accounts import load_accounts
from commands.demo.routing import load_routing_demo
from commands.demo.stts import load_stts_demo
from commands.demo.users import load_demo_users
from domain.passwords import hash_password

ADMIN_PASSWORD = "Demo-Beheerder-2026"
USER_PASSWORD = "Demo-Gebruiker-2026"
OFFICER_PASSWORD = "Demo-Officer-2026"


def load_demo():
    """Add the demo data set to an empty database."""
    # hashing is slow on purpose: once per password, shared by every demo account
    hashes = {"admin": hash_password(ADMIN_PASSWORD), "user": hash_password(USER_PASSWORD),
              "officer": hash_password(OFFICER_PASSWORD)}
    load_accounts(hashes)
    load_demo_users(hashes["user"])
    load_routing_demo()
    load_demo_access_requests()
    load_stts_demo(hashes["user"])
