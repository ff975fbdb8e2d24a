"""`flask populate`: a large data set, valid and varied, the same for the same seed; the screens
work on it (search by any word of a name, a dossier search)."""

from collections import Counter

import pytest

from app import create_app
from db.accounts import Account, AccountApplication, AccountTerm, account_terms
from db.base import database
from db.dossiers import Dossier, DossierAction, DossierTerm, Status, Task
from db.enterprises import Enterprise
from db.routing import TaskNotice
from db.text import search_terms
from domain import identifiers, users


def populated(path, *args):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "test-secret",
                      "DEMO": False})
    result = app.test_cli_runner().invoke(args=["populate", *args])
    assert result.exit_code == 0, result.output
    return app, result.output


@pytest.fixture
def populated_app(tmp_path):
    app, output = populated(tmp_path / "db.sqlite3", "--users", "300", "--dossiers", "3000",
                            "--enterprises", "10")
    assert "Added 300 users to BUCOM NL and 3000 dossiers over 10 operators." in output
    with app.app_context(), database.connection_context():
        yield app


def test_the_users_are_valid_and_varied(populated_app):
    bucom = Enterprise.get(Enterprise.name == "BUCOM NL")
    accounts = list(Account.of_enterprise(bucom))
    assert len(accounts) == 300
    for account in accounts:
        identifiers.national_number(account.national_number)
    assert len({a.national_number for a in accounts}) == 300
    assert any(a.blocked for a in accounts) and not all(a.blocked for a in accounts)
    assert {a.stts_profile for a in accounts} == {None, "stts1", "stts2", "stts3"}
    assert AccountApplication.select().count() > 100
    # accents and particles, in the three languages
    names = " ".join(a.full_name for a in accounts)
    assert any(c in names for c in "éèëü")
    assert " Van " in names or " De " in names
    assert {a.language for a in accounts} == {"nl", "fr", "de"}


def test_the_search_words_are_those_the_models_write(populated_app):
    account = Account.select().order_by(Account.id.desc()).get()
    words = AccountTerm.select().where(AccountTerm.account == account).order_by(AccountTerm.term)
    terms = [t.term for t in words]
    assert terms == sorted(account_terms(account.first_name, account.last_name, account.username))
    found = users.search_users(account.enterprise, users.UserCriteria(name=account.full_name))
    assert account.id in [a.id for a in found]
    dossier = Dossier.select().order_by(Dossier.id.desc()).get()
    assert DossierTerm.select().where(DossierTerm.dossier == dossier).count() == len(
        search_terms(dossier.first_name, dossier.last_name))


def test_dossiers_in_every_status_over_ten_operators_with_history_and_tasks(populated_app):
    assert Dossier.select().count() == 3000
    assert {d.status for d in Dossier.select(Dossier.status)} == set(Status)
    assert len({d.enterprise_id for d in Dossier.select(Dossier.enterprise)}) == 10
    for dossier in Dossier.select().limit(50):
        identifiers.national_number(dossier.national_number)
        assert (dossier.household_slot is not None) == dossier.is_open
    assert DossierAction.select().count() >= 3000
    assert Counter(t.status for t in Task.select()).keys() == {"open", "handled"}
    # announced already: the next request does not announce them all
    assert TaskNotice.select().count() == Task.select().count()


def test_the_same_seed_gives_the_same_data(tmp_path):
    def fingerprint(path):
        app, _ = populated(path, "--users", "20", "--dossiers", "50", "--enterprises", "2")
        with app.app_context(), database.connection_context():
            accounts = Account.select().order_by(Account.id)
            return ([(a.username, a.national_number, a.blocked) for a in accounts],
                    [(d.last_name, d.status) for d in Dossier.select().order_by(Dossier.id)])

    assert fingerprint(tmp_path / "one.sqlite3") == fingerprint(tmp_path / "two.sqlite3")
