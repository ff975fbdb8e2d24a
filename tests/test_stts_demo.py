"""The STTS part of the demo data set: what the README promises to whoever tries the application."""

import pytest

from db.dossiers import Dossier, Status, Task, TaskKind, TaskStatus
from db.enterprises import Enterprise
from domain import eligibility
from tests.helpers import text

# national number, eligible for, operator holding an open dossier (None: no dossier)
BENEFICIARIES = [
    ("40011512380", "age_65", None),
    ("38070456763", "age_65", None),
    ("52062023409", "disability_66", "BUCOM NL"),
    ("60110534566", "hearing_loss", "TELCO SUD SA"),
]


@pytest.mark.parametrize(("number", "category", "operator"), BENEFICIARIES)
def test_the_demo_register_confirms_the_readme_beneficiaries(demo, number, category, operator):
    person = eligibility.source().lookup(number)
    assert person.confirms(category)
    holder = Dossier.open_for_person(number)
    assert (holder.enterprise.name if holder else None) == operator
    if holder:
        assert holder.status == Status.ACTIVE


def test_tom_janssens_is_known_but_not_eligible(demo):
    tom = eligibility.source().lookup("95031045696")
    assert (tom.first_name, tom.last_name, tom.categories) == ("Tom", "Janssens", frozenset())


def test_bucom_has_an_open_task_of_each_type(demo):
    bucom = Enterprise.get(Enterprise.name == "BUCOM NL")
    kinds = {t.kind for t in Task.of_operator(bucom).where(Task.status == TaskStatus.OPEN)}
    assert kinds == set(TaskKind)


def test_the_telco_sud_stts_user_signs_in_and_sees_only_telco_sud(demo, client, auth):
    auth.login("julie.renard", "Demo-Gebruiker-2026")
    page = text(client.get("/stts/dossiers"))
    assert "Müller Hans" in page and "Dupont Jean" not in page
    assert "Rechercher" in page


def test_stts1_demo_requests_for_maria_peeters(demo, client, auth):
    auth.login("stts1.demo", "Demo-Gebruiker-2026")
    response = client.post("/stts/dossiers/new", data={
        # the name, address and language come from the register
        "national_number": "40.01.15-123.80", "category": "age_65",
        "formula": "fixed", "customer_number": "BC-1", "line_number": "03 201 23 45", "token": "demo"})
    assert response.status_code == 303
    assert "Meir 12, 2000 Antwerpen" in text(client.get(response.headers["Location"]))
