"""More demo users for 'Beheer van gebruikers': accents, a blocked user, other applications.

The search examples of issue 5 hold on them: "jans" finds Janssens and Jansen, "Jansens" nobody,
"elo" finds Élodie by her first name and "ele" by her last name (Elewaut).

Called once from commands.demo.load_demo; they sign in with the demo users' password.
"""

from db.accounts import Account, AccountApplication, Role
from db.applications import STTS, Application
from db.enterprises import Enterprise

# (first name, last name, username, national number, language, applications, STTS profile, blocked)
USERS = [
    ("Élodie", "Elewaut", "elodie.elewaut", "92051412366", "fr", (STTS,), "stts1", False),
    ("Koen", "Jansen", "koen.jansen", "87092345665", "nl", (STTS, "ebox"), "stts2", False),
    ("Jan", "Peeters", "jan.peeters", "95030178933", "nl", ("dmfa", "ebox"), None, True),
    ("Sofie", "Maes", "sofie.maes", "80061223461", "de", ("personnel",), None, False),
]


def load_demo_users(password_hash):
    """Add the users above to BUCOM NL."""
    bucom = Enterprise.get(Enterprise.kbo_number == "0566988259")
    for first, last, username, national_number, language, codes, profile, blocked in USERS:
        account = Account.create(
            enterprise=bucom, role=Role.USER, username=username, first_name=first, last_name=last,
            national_number=national_number, email=f"{username}@bucom.example", language=language,
            password_hash=password_hash, stts_profile=profile, blocked=blocked,
        )
        for application in Application.by_codes(codes):
            AccountApplication.create(account=account, application=application)
