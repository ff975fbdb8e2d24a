"""The demo operators BUCOM NL and TELCO SUD SA, their local admins, three STTS users, an officer."""

from db.accounts import Account, AccountApplication, Role
from db.applications import STTS, Application
from db.enterprises import Enterprise


def load_accounts(hashes):
    bucom = Enterprise.create(
        name="BUCOM NL", kbo_number="0566988259", rsz_number="123456749",
        email="info@bucom.example", language="nl",
    )
    telco = Enterprise.create(
        name="TELCO SUD SA", kbo_number="0812457647", rsz_number="234567824",
        email="contact@telcosud.example", language="fr",
    )
    _account(bucom, Role.LOCAL_ADMIN, "els.janssens", "Els", "Janssens", "78041228452",
             "els.janssens@bucom.example", "nl", hashes["admin"])
    users = [("Pieter", "De Smet", "85110315367"), ("An", "Claes", "90022104664"),
             ("Bram", "Wouters", "01061513787")]
    for number, (first, last, national_number) in enumerate(users, start=1):
        user = _account(bucom, Role.USER, f"stts{number}.demo", first, last, national_number,
                        f"stts{number}.demo@bucom.example", "nl", hashes["user"],
                        stts_profile=f"stts{number}")
        AccountApplication.create(account=user, application=Application.get(Application.code == STTS))
    _account(telco, Role.LOCAL_ADMIN, "marie.dubois", "Marie", "Dubois", "82092721284",
             "marie.dubois@telcosud.example", "fr", hashes["admin"])
    _account(None, Role.OFFICER, "rsz.officer", "Luc", "Maes", "75030803164",
             "luc.maes@rsz.example", "nl", hashes["officer"])


def _account(enterprise, role, username, first, last, national_number, email, language, password_hash,
             stts_profile=None):
    return Account.create(
        enterprise=enterprise, role=role, username=username, first_name=first, last_name=last,
        national_number=national_number, email=email, language=language,
        password_hash=password_hash, stts_profile=stts_profile,
    )
