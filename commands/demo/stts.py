"""The STTS part of the demo data set: the eligibility register, dossiers at both operators, and
BUCOM NL's open tasks -- made through the domain functions, so their history is real.

Called once by commands.demo.load_demo, after the accounts. The README lists the people.
"""

from datetime import timedelta

from db.accounts import Account, AccountApplication, Role
from db.applications import STTS, Application
from db.audit import System
from db.dossiers import Category, Dossier, Formula, StopReason
from db.eligibility import RegisterEntry
from db.enterprises import Enterprise
from domain import dossiers
from domain.actors import Actor
from domain.eligibility import save_register
from domain.recheck import recheck_eligibility

# national number, last name, first name, household, categories, and the address and language
# the National Register knows (what identification fills in)
REGISTER = [
    ("40011512380", "Peeters", "Maria", "H-ANT-0001", Category.AGE_65,
     "Meir 12", "2000", "Antwerpen", "nl"),
    ("38070456763", "Lambert", "Louise", "H-NAM-0002", Category.AGE_65,
     "Rue de Bruxelles 61", "5000", "Namur", "fr"),
    ("52062023409", "Dupont", "Jean", "H-LIE-0003", Category.DISABILITY,
     "Rue Saint-Gilles 25", "4000", "Liège", "fr"),
    ("60110534566", "Müller", "Hans", "H-EUP-0004", Category.HEARING,
     "Aachener Straße 12", "4700", "Eupen", "de"),
    ("95031045696", "Janssens", "Tom", "H-GEN-0005", "",
     "Korenmarkt 4", "9000", "Gent", "nl"),
    # Hans Müller's household
    ("52041110209", "Müller", "Anna", "H-EUP-0004", Category.AGE_65,
     "Aachener Straße 12", "4700", "Eupen", "de"),
    ("47032220447", "Martin", "Sophie", "H-NAM-0006", Category.AGE_65,
     "Rue de Fer 8", "5000", "Namur", "fr"),
    ("78091731107", "Lemaire", "Marc", "H-CHA-0007", Category.LEEFLOON,
     "Rue de la Montagne 40", "6000", "Charleroi", "fr"),
    ("55063012377", "Vermeulen", "Jan", "H-GEN-0008", Category.DISABILITY,
     "Veldstraat 10", "9000", "Gent", "nl"),
    ("44020824664", "Lefèvre", "Élodie", "H-BRU-0009", Category.AGE_65,
     "Rue Haute 100", "1000", "Bruxelles", "fr"),
    ("49011513563", "Wouters", "Karel", "H-LEU-0010", Category.AGE_65,
     "Bondgenotenlaan 5", "3000", "Leuven", "nl"),
    ("41090515735", "De Wit", "Frans", "H-ANT-0011", Category.AGE_65,
     "Kerkstraat 3", "2000", "Antwerpen", "nl"),
]
REGISTER_FIELDS = ("national_number", "last_name", "first_name", "household", "categories", "street",
                   "postcode", "city", "language")


def load_stts_demo(user_password_hash):
    """Add the register, an STTS user at TELCO SUD SA, the dossiers and the tasks."""
    save_register([{**dict(zip(REGISTER_FIELDS, entry, strict=True)), "died_on": None} for entry in REGISTER])
    telco = Enterprise.get(Enterprise.name == "TELCO SUD SA")
    # the demo's users act as they would on the screens
    stts2, stts3 = (Actor.person(Account.by_username(name)) for name in ("stts2.demo", "stts3.demo"))
    julie = Actor.person(_telco_user(telco, user_password_hash))

    # eligible, an active dossier at each operator
    _active(stts2, "52062023409", "Dupont", "Jean", "Rue Saint-Gilles 25", "4000", "Liège", "fr",
            Category.DISABILITY, "04 223 45 67", "BC-100234")
    _active(julie, "60110534566", "Müller", "Hans", "Aachener Straße 12", "4700", "Eupen", "de",
            Category.HEARING, "087 55 12 34", "TS-55012")
    _active(stts3, "44020824664", "Lefèvre", "Élodie", "Rue Haute 100", "1000", "Bruxelles", "fr",
            Category.AGE_65, "02 512 34 56", "BC-100455", Formula.INTERNET)
    stopped = _active(stts2, "49011513563", "Wouters", "Karel", "Bondgenotenlaan 5", "3000", "Leuven",
                      "nl", Category.AGE_65, "016 22 33 44", "BC-100512")
    dossiers.stop_tariff(stts2, stopped, StopReason.MOVE, dossiers.today(), stopped.version)

    # TELCO SUD takes Sophie Martin over from BUCOM: BUCOM gets "Reductie beëindigen"
    _active(stts3, "47032220447", "Martin", "Sophie", "Rue de Fer 8", "5000", "Namur", "fr",
            Category.AGE_65, "081 22 33 44", "BC-100877")
    dossiers.transfer(julie, "47032220447", "081 22 33 44", customer_number="TS-60231")
    # BUCOM takes Marc Lemaire over from TELCO SUD without its customer number:
    # BUCOM gets "Ontbrekende gegevens invullen"
    _active(julie, "78091731107", "Lemaire", "Marc", "Rue de la Montagne 40", "6000", "Charleroi",
            "fr", Category.LEEFLOON, "0471 23 45 67", "TS-58110", Formula.MOBILE)
    dossiers.transfer(stts2, "78091731107", "0471 23 45 67")

    # accepted four months ago and never activated: the re-check gives BUCOM "Dossier afsluiten"
    waiting = _request(stts3, "55063012377", "Vermeulen", "Jan", "Veldstraat 10", "9000", "Gent", "nl",
                       Category.DISABILITY, "09 223 45 67", "BC-100990")
    four_months_ago = dossiers.today() - timedelta(days=120)
    Dossier.update(requested_on=four_months_ago).where(Dossier.id == waiting.id).execute()
    # no longer confirmed by the register: the re-check gives BUCOM "Reductie beëindigen"
    _active(stts3, "41090515735", "De Wit", "Frans", "Kerkstraat 3", "2000", "Antwerpen", "nl",
            Category.AGE_65, "03 231 45 67", "BC-100601")
    RegisterEntry.update(categories="").where(RegisterEntry.national_number == "41090515735").execute()
    recheck_eligibility(Actor.of_system(System.NIGHTLY_JOB))


def _telco_user(telco, password_hash):
    julie = Account.create(
        enterprise=telco, role=Role.USER, username="julie.renard", first_name="Julie", last_name="Renard",
        national_number="87051426810", email="julie.renard@telcosud.example", language="fr",
        password_hash=password_hash, stts_profile="stts3",
    )
    AccountApplication.create(account=julie, application=Application.get(Application.code == STTS))
    return julie


def _request(actor, number, last, first, street, postcode, city, language, category, line,
             customer, formula=Formula.FIXED):
    request = dossiers.TariffRequest(
        national_number=number, last_name=last, first_name=first, street=street, postcode=postcode,
        city=city, language=language, category=category, formula=formula, customer_number=customer,
        line_number=line,
    )
    return dossiers.request_tariff(actor, request)


def _active(*args, **kwargs):
    dossier = _request(*args, **kwargs)
    dossiers.activate(args[0], dossier, dossier.requested_on, dossier.version)
    return dossier
