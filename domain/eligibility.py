"""Who is entitled to the social tariff: the eligibility source behind a small interface.

The regulator checks eligibility with the Crossroads Bank for Social Security (KSZ). The product
ships a local register standing in for it (seeded in demo mode, loadable from CSV); a real
connector implements the same two methods and is installed with `use_source`.
"""

import csv
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from flask_babel import lazy_gettext as _l
from peewee import chunked

from db.clock import utcnow
from db.dossiers import Category
from db.eligibility import RegisterEntry
from domain import identifiers
from domain.refusals import Refused


@dataclass(frozen=True)
class Person:
    """A person as the eligibility source knows them."""

    national_number: str
    last_name: str
    first_name: str
    household: str
    categories: frozenset
    died_on: date | None = None
    street: str = ""
    postcode: str = ""
    city: str = ""
    language: str = ""
    # when the register last changed this person (None: unknown)
    updated_at: datetime | None = None

    @property
    def address(self):
        """The address as the register has it: (street, postcode, city)."""
        return (self.street, self.postcode, self.city)

    def confirms(self, category):
        """True when the source confirms the living person in `category`."""
        return self.died_on is None and category in self.categories


class EligibilitySourceUnavailable(Exception):
    """The source did not answer; a request stays 'aangevraagd' until the re-check decides it."""


class EligibilitySource(Protocol):
    def lookup(self, national_number) -> Person | None:
        """The person with this national number, or None when the source does not know them."""

    def lookup_many(self, national_numbers) -> dict:
        """{national number: Person} for the numbers the source knows."""


class LocalRegister:
    """The eligibility source kept in this application's database (table register_entry)."""

    def lookup(self, national_number):
        entry = RegisterEntry.by_national_number(national_number)
        return _person(entry) if entry is not None else None

    def lookup_many(self, national_numbers):
        return {e.national_number: _person(e) for e in RegisterEntry.by_national_numbers(national_numbers)}


def _person(entry):
    return Person(
        national_number=entry.national_number, last_name=entry.last_name, first_name=entry.first_name,
        household=entry.household, categories=frozenset(entry.categories.split()), died_on=entry.died_on,
        street=entry.street, postcode=entry.postcode, city=entry.city, language=entry.language,
        updated_at=entry.updated_at,
    )


_source = LocalRegister()


def source():
    """The eligibility source in use."""
    return _source


def use_source(new_source):
    """Install another eligibility source (a real connector, or a test's fake); returns the old one."""
    global _source
    old, _source = _source, new_source
    return old


# -- the local register's data -----------------------------------------------------------------

REGISTER_COLUMNS = ("national_number", "last_name", "first_name", "household", "categories", "died_on")
# the address and language: optional columns (a file without them keeps the addresses known)
ADDRESS_COLUMNS = ("street", "postcode", "city", "language")


def read_register_csv(lines):
    """Rows for `save_register` from CSV text lines (header: REGISTER_COLUMNS; categories
    space-separated; died_on as YYYY-MM-DD or empty). Refused, naming the line, for a line that
    cannot be read: then nothing is loaded."""
    reader = csv.DictReader(lines)
    missing = set(REGISTER_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise Refused(_l("The header misses: %(columns)s.", columns=", ".join(sorted(missing))))
    return [_register_row(row, reader.line_num) for row in reader]


def _register_row(row, line):
    try:
        return _register_values(row)
    except Refused as refusal:
        raise Refused(_l("Line %(line)d: %(problem)s", line=line, problem=refusal.message)) from refusal


def _register_values(row):
    categories = (row["categories"] or "").split()
    unknown = set(categories) - set(Category.codes())
    if unknown:
        raise Refused(_l("unknown categories %(unknown)s; known: %(known)s",
                         unknown=", ".join(sorted(unknown)), known=", ".join(Category.codes())))
    if not (row["last_name"] or "").strip() or not (row["household"] or "").strip():
        raise Refused(_l("last_name and household are required"))
    try:
        died_on = date.fromisoformat(row["died_on"]) if (row["died_on"] or "").strip() else None
    except ValueError as error:
        raise Refused(_l("died_on is not a date (YYYY-MM-DD)")) from error
    values = {
        "national_number": identifiers.national_number(row["national_number"]),
        "last_name": row["last_name"].strip(),
        "first_name": (row["first_name"] or "").strip(),
        "household": row["household"].strip(),
        "categories": " ".join(categories),
        "died_on": died_on,
    }
    if "street" in row:
        for name in ADDRESS_COLUMNS:
            values[name] = (row.get(name) or "").strip()
    if values.get("language") and values["language"] not in ("nl", "fr", "de"):
        raise Refused(_l("language is nl, fr or de"))
    return values


def save_register(rows):
    """Insert or update register entries by national number (a number given twice: its last row).
    Returns (added, updated)."""
    # one row per person: one INSERT may not touch the same row twice (PostgreSQL refuses)
    people = list({row["national_number"]: row for row in rows}.values())
    now = utcnow()
    added = updated = 0
    # rows with the address columns and rows without: one statement each (one set of columns)
    with_address = [row for row in people if "street" in row]
    without = [row for row in people if "street" not in row]
    for group, preserve in ((with_address, _REGISTER_VALUES + _ADDRESS_VALUES), (without, _REGISTER_VALUES)):
        for batch in chunked(group, 500):
            known = RegisterEntry.by_national_numbers(row["national_number"] for row in batch).count()
            # one statement per batch: new people are inserted, known ones get the file's values
            (RegisterEntry.insert_many([{**row, "updated_at": now} for row in batch])
             .on_conflict(conflict_target=[RegisterEntry.national_number], preserve=preserve)
             .execute())
            added, updated = added + len(batch) - known, updated + known
    return added, updated


_REGISTER_VALUES = [RegisterEntry.last_name, RegisterEntry.first_name, RegisterEntry.household,
                    RegisterEntry.categories, RegisterEntry.died_on, RegisterEntry.updated_at]
_ADDRESS_VALUES = [RegisterEntry.street, RegisterEntry.postcode, RegisterEntry.city, RegisterEntry.language]
