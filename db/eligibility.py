"""The local eligibility register: the product's stand-in for the Crossroads Bank for Social Security."""

from peewee import CharField, DateField, DateTimeField

from db.base import BaseModel
from db.clock import utcnow
from db.prepared import Slot, Statement


class RegisterEntry(BaseModel):
    """One person as the eligibility source knows them: household, categories, date of death."""

    national_number = CharField(max_length=11, unique=True)
    last_name = CharField(max_length=100)
    first_name = CharField(max_length=100)
    # the address and language the National Register knows (what identification fills in)
    street = CharField(max_length=200, default="")
    postcode = CharField(max_length=4, default="")
    city = CharField(max_length=100, default="")
    language = CharField(max_length=2, default="")
    # every member of a household carries the same key: one social tariff per household
    household = CharField(max_length=40, index=True)
    # the categories the person is confirmed in, space-separated codes (db.dossiers.Category)
    categories = CharField(max_length=200, default="")
    died_on = DateField(null=True)
    updated_at = DateTimeField(default=utcnow)

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @classmethod
    def by_national_numbers(cls, national_numbers):
        """The entries of these people (unknown numbers are simply absent)."""
        return cls.select().where(cls.national_number.in_(list(national_numbers)))

    @classmethod
    def by_national_number(cls, national_number):
        """The entry of this person, or None."""
        return _BY_NATIONAL_NUMBER.first(cls, national_number=national_number)


# run for every request a structured message brings (db/prepared.py)
_BY_NATIONAL_NUMBER = Statement(lambda: RegisterEntry.select().where(
    RegisterEntry.national_number == Slot("national_number")).limit(1))
