"""Test data for the STTS application: people in the eligibility register, requests, dossiers."""

from db.applications import STTS
from db.dossiers import Category, Dossier, Formula
from db.eligibility import RegisterEntry
from domain import dossiers
from tests.factories import act, make_account, make_enterprise, national_number


def person(categories=(Category.AGE_65,), household=None, died_on=None, last_name="Peeters",
           first_name="Maria", birth="400115"):
    """A person in the local register; returns their national number."""
    number = national_number(birth=birth)
    RegisterEntry.create(national_number=number, last_name=last_name, first_name=first_name,
                         household=household or f"H-{number}", categories=" ".join(categories),
                         died_on=died_on)
    return number


def line_for(number):
    """A line number of this person's own (one open dossier per line): 03 2ccc 4kk from the
    national number's counter and check digits."""
    return f"03 2{number[6:9]} 4{number[9:11]}"


def tariff_request(number, **overrides):
    """A complete request for the person with `number`."""
    values = {
        "national_number": number, "last_name": "Peeters", "first_name": "Maria",
        "street": "Meir 12", "postcode": "2000", "city": "Antwerpen", "language": "nl",
        "category": Category.AGE_65, "formula": Formula.FIXED, "customer_number": "C-1001",
        "line_number": line_for(number),
    }
    return dossiers.TariffRequest(**{**values, **overrides})


def operator_with_user(name="BUCOM NL", profile="stts3", username=None, language="nl"):
    """(operator, account with that STTS profile)."""
    operator = make_enterprise(name=name)
    user = make_account(operator, username=username, stts_profile=profile, applications=[STTS],
                        language=language)
    return operator, user


def active_dossier(operator, actor, **overrides):
    """An active dossier of a new, eligible person at `operator`."""
    categories = (overrides.get("category", Category.AGE_65),)
    number = person(categories=categories, household=overrides.pop("household", None),
                    last_name=overrides.get("last_name", "Peeters"),
                    first_name=overrides.get("first_name", "Maria"))
    dossier = dossiers.request_tariff(act(actor), tariff_request(number, **overrides))
    dossiers.activate(act(actor), dossier, dossier.requested_on, dossier.version)
    return dossier



def stored_as(dossier, **columns):
    """The dossier with these columns changed directly in the database (a past or odd state)."""
    Dossier.update(**columns).where(Dossier.id == dossier.id).execute()
    return Dossier.get_by_id(dossier.id)


def register_says(national_number, **columns):
    """The local register changed its mind about a person (categories, died_on)."""
    RegisterEntry.update(**columns).where(RegisterEntry.national_number == national_number).execute()
