"""Search finds what people type: every word of a first or last name by prefix, without case or
accents; several words narrow (AND); a username by prefix; the same for the dossiers. And
migration 0040 writes the words of the accounts and dossiers a database already has."""

import itertools
from datetime import date

import pytest

from db import schema
from db.accounts import AccountTerm, Role
from db.base import database
from db.dossiers import Dossier, DossierTerm, Status
from db.schema import SchemaMigration
from db.text import PAIR_MARK
from domain import dossiers, users
from tests.factories import make_account, make_enterprise, national_number

MIGRATION = "0040_search_terms"
PAIRS = "0091_account_term_pairs"


@pytest.fixture
def bucom(app):
    return make_enterprise(name="BUCOM NL")


@pytest.fixture
def people(bucom):
    make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                 last_name="Janssens")
    make_account(bucom, username="pieter.ds", first_name="Pieter", last_name="De Smet")
    make_account(bucom, username="an.vdb", first_name="An", last_name="van den Broeck")
    make_account(bucom, username="elodie.l", first_name="Élodie", last_name="Lambert")
    make_account(bucom, username="els.peeters", first_name="Els", last_name="Peeters")
    make_account(bucom, username="jean-marc.dhondt", first_name="Jean-Marc", last_name="D'Hondt")
    # another enterprise's user matches every search and is never found
    make_account(make_enterprise(name="TELCO SUD SA"), username="els.smet", first_name="Els Élodie",
                 last_name="De Smet van den Broeck Janssens")


def found(enterprise, name):
    return sorted(a.username for a in users.search_users(enterprise, users.UserCriteria(name=name)))


@pytest.mark.parametrize(("typed", "expected"), [
    ("smet", ["pieter.ds"]),
    ("broeck", ["an.vdb"]),
    ("den bro", ["an.vdb"]),
    ("desmet", ["pieter.ds"]),
    ("elo", ["elodie.l"]),
    ("ÉLO", ["elodie.l"]),
    ("els jans", ["els.janssens"]),
    ("Els Janssens", ["els.janssens"]),
    ("jans els", ["els.janssens"]),
    ("els", ["els.janssens", "els.peeters"]),
    ("els smet", []),
    ("marc", ["jean-marc.dhondt"]),
    ("d'hondt", ["jean-marc.dhondt"]),
    ("hondt", []),
    ("  ", ["an.vdb", "elodie.l", "els.janssens", "els.peeters", "jean-marc.dhondt", "pieter.ds"]),
])
def test_every_word_of_a_name_matches_by_prefix_and_several_words_narrow(bucom, people, typed, expected):
    assert found(bucom, typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("pieter.d", ["pieter.ds"]),
    ("an.v", ["an.vdb"]),
    ("jean-marc.dh", ["jean-marc.dhondt"]),
    ("els.p", ["els.peeters"]),
])
def test_a_username_matches_by_prefix(bucom, people, typed, expected):
    assert found(bucom, typed) == expected


def test_a_complementary_name_search_is_everyone_else(bucom, people):
    others = users.search_users(bucom, users.UserCriteria(name="els", complementary=True))
    assert sorted(a.username for a in others) == ["an.vdb", "elodie.l", "jean-marc.dhondt", "pieter.ds"]


def test_a_user_is_found_once_whatever_number_of_words_match(bucom):
    make_account(bucom, username="jan.jansen", first_name="Jan", last_name="Jansen")
    assert [a.username for a in users.search_users(bucom, users.UserCriteria(name="jan"))] == ["jan.jansen"]


def test_a_deleted_user_takes_their_words_along(bucom, people):
    account = users.search_users(bucom, users.UserCriteria(name="smet")).get()
    account.delete_instance()
    assert not AccountTerm.select().where(AccountTerm.account == account.id).exists()


def test_a_renamed_account_is_found_by_its_new_name(bucom, people):
    account = users.search_users(bucom, users.UserCriteria(name="smet")).get()
    account.last_name = "Vermeulen"
    account.save()
    assert found(bucom, "smet") == []
    assert found(bucom, "verm") == ["pieter.ds"]


# an open dossier's line is its own (one open dossier per line)
LINES = (f"+323201{n:04d}" for n in itertools.count())


def dossier(operator, last_name, first_name):
    """A dossier with the beneficiary's names (the other fields as any)."""
    return Dossier.create(enterprise=operator, national_number=national_number(), last_name=last_name,
                          first_name=first_name, street="Meir 1", postcode="2000", city="Antwerpen",
                          language="nl", category="age_65", formula="fixed", line_number=next(LINES),
                          requested_on=date(2026, 1, 5), status=Status.ACTIVE, household="H")


def found_dossiers(operator, name):
    criteria = dossiers.DossierCriteria(name=name)
    return sorted(f"{d.first_name} {d.last_name}" for d in dossiers.search_dossiers(operator, criteria))


@pytest.mark.parametrize(("typed", "expected"), [
    ("smet", ["Pieter De Smet"]),
    ("broeck", ["An van den Broeck"]),
    ("elo", ["Élodie Lefèvre"]),
    ("lefevre elo", ["Élodie Lefèvre"]),
    ("els jans", ["Els Janssens"]),
    ("els", ["Els Janssens", "Els Peeters"]),
    ("els smet", []),
])
def test_dossiers_are_found_by_every_word_of_the_beneficiarys_names(bucom, typed, expected):
    for last_name, first_name in (("De Smet", "Pieter"), ("van den Broeck", "An"), ("Lefèvre", "Élodie"),
                                  ("Janssens", "Els"), ("Peeters", "Els")):
        dossier(bucom, last_name, first_name)
    dossier(make_enterprise(name="TELCO SUD SA"), "De Smet van den Broeck Janssens", "Els Élodie")
    assert found_dossiers(bucom, typed) == expected


def test_migration_0040_writes_the_words_of_the_accounts_and_dossiers_there_are(bucom, people):
    dossier(bucom, "van den Broeck", "Élodie")
    database.drop_tables([AccountTerm, DossierTerm])
    SchemaMigration.delete().where(SchemaMigration.name.in_([MIGRATION, PAIRS])).execute()

    assert schema.migrate(database) == (False, [MIGRATION, PAIRS])

    assert found(bucom, "den bro") == ["an.vdb"]
    assert found(bucom, "els.j") == ["els.janssens"]
    assert found_dossiers(bucom, "broeck elo") == ["Élodie van den Broeck"]
    indexes = {index.name for index in database.get_indexes("account_term")}
    assert "account_term_account_id_term" in indexes


def test_migration_0091_writes_the_pairs_of_the_words_of_the_accounts_there_are(bucom, people):
    AccountTerm.delete().where(AccountTerm.term.startswith(PAIR_MARK)).execute()
    assert found(bucom, "den bro") == []
    SchemaMigration.delete().where(SchemaMigration.name == PAIRS).execute()

    assert schema.migrate(database) == (False, [PAIRS])

    assert found(bucom, "den bro") == ["an.vdb"]
    assert found(bucom, "jans els") == ["els.janssens"]


@pytest.mark.parametrize("typed", ["els jans", "jans els", "els janssens j", "janss els.j", "elsa jans"])
def test_a_search_of_several_words_walks_the_range_of_a_pair_of_them(bucom, people, typed):
    from db.fields import words_query
    from db.text import search_words
    _, parameters = words_query(AccountTerm, AccountTerm.account, bucom, search_words(typed)).sql()
    assert any(isinstance(value, str) and value.startswith(PAIR_MARK) for value in parameters), parameters
    assert found(bucom, typed) == ([] if typed == "elsa jans" else ["els.janssens"])
