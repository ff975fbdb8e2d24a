"""'Opzoeking van gebruikers': prefixes, accents, national numbers, filters, complementary search,
the live partial and the full page of the same URL, paging, and the CSV export."""

import csv
import io

import pytest

import blueprints.users.export
import blueprints.users.routes
from db.accounts import Role
from db.applications import STTS
from db.enterprises import Enterprise
from domain import users
from domain.refusals import Refused
from tests.factories import make_account, make_enterprise
from tests.helpers import text


@pytest.fixture
def bucom(app):
    return make_enterprise(name="BUCOM NL")


@pytest.fixture
def people(bucom):
    """Els (local admin), Élodie, Koen, Jan (blocked, no national number), Pieter: BUCOM's users."""
    return {
        "els": make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                            last_name="Janssens", national_number="78041228452"),
        "elodie": make_account(bucom, username="elodie.lambert", first_name="Élodie", last_name="Lambert",
                               national_number="92051412366", applications=[STTS], stts_profile="stts1"),
        "koen": make_account(bucom, username="koen.jansen", first_name="Koen", last_name="Jansen",
                             national_number="87092345665", applications=[STTS, "ebox"],
                             stts_profile="stts2"),
        "jan": make_account(bucom, username="jan.peeters", first_name="Jan", last_name="Peeters",
                            national_number=None, applications=["ebox"], blocked=True),
        "pieter": make_account(bucom, username="pieter.desmet", first_name="Pieter", last_name="De Smet",
                               national_number="85110315367", applications=[STTS], stts_profile="stts1"),
    }


@pytest.fixture
def stranger(app):
    """A user of another enterprise who matches every search: never found."""
    return make_account(make_enterprise(name="TELCO SUD SA"), username="jean.janssens", first_name="Élodie",
                        last_name="Janssens", national_number="85110315367", applications=[STTS, "ebox"],
                        blocked=True)


def found(enterprise, **criteria):
    return [a.username for a in users.search_users(enterprise, users.UserCriteria(**criteria))]


@pytest.mark.parametrize(("name", "expected"), [
    ("jans", ["koen.jansen", "els.janssens"]),
    ("Jansens", []),
    ("JANSSENS", ["els.janssens"]),
    ("ele", []),
    ("elo", ["elodie.lambert"]),
    ("Élo", ["elodie.lambert"]),
    ("de sm", ["pieter.desmet"]),
    ("el", ["els.janssens", "elodie.lambert"]),
    ("pi", ["pieter.desmet"]),
])
def test_names_match_by_prefix_without_case_or_accents(bucom, people, stranger, name, expected):
    assert found(bucom, name=name) == expected


def test_accents_neither_in_the_name_nor_in_the_search_matter(bucom, people):
    make_account(bucom, username="elena.vos", first_name="Eléna", last_name="Vos")
    assert found(bucom, name="ele") == ["elena.vos"]
    assert found(bucom, name="élo") == ["elodie.lambert"]


@pytest.mark.parametrize("number", ["85110315367", "85.11.03-153.67", "85 11 03 153 67", "851103", "85.11"])
def test_national_numbers_match_in_any_formatting_and_by_their_first_digits(bucom, people, stranger, number):
    assert found(bucom, national_number=number) == ["pieter.desmet"]


def test_the_blocked_status_and_the_applications_filter(bucom, people, stranger):
    assert found(bucom, blocked=True) == ["jan.peeters"]
    # a local admin may use every application
    assert found(bucom, applications=("ebox",)) == ["koen.jansen", "els.janssens", "jan.peeters"]
    assert found(bucom, applications=(STTS, "ebox")) == ["koen.jansen", "els.janssens"]


def test_criteria_combine(bucom, people):
    assert found(bucom, name="jan", applications=("ebox",)) == ["koen.jansen", "els.janssens", "jan.peeters"]
    assert found(bucom, name="jan", blocked=True) == ["jan.peeters"]
    assert found(bucom, name="jan", applications=(STTS,)) == ["koen.jansen", "els.janssens"]
    assert found(bucom, name="el", applications=(STTS,), national_number="92") == ["elodie.lambert"]


def test_complementary_search_shows_everyone_else_of_the_enterprise(bucom, people, stranger):
    assert found(bucom, name="jans", complementary=True) == [
        "pieter.desmet", "elodie.lambert", "jan.peeters"]
    assert found(bucom, blocked=True, complementary=True) == [
        "pieter.desmet", "koen.jansen", "els.janssens", "elodie.lambert"]
    # NOT (criteria) as a whole: those with STTS and ebox are out, the others in
    assert found(bucom, applications=(STTS, "ebox"), complementary=True) == [
        "pieter.desmet", "elodie.lambert", "jan.peeters"]


def test_complementary_search_keeps_users_without_a_national_number(bucom, people):
    assert "jan.peeters" in found(bucom, national_number="92", complementary=True)


def test_a_complementary_search_needs_a_criterion(bucom, people):
    assert found(bucom, complementary=True) == []


def test_an_unknown_application_is_refused(bucom, people):
    with pytest.raises(Refused):
        found(bucom, applications=("no-such-application",))


# -- through the web ------------------------------------------------------------------------------

@pytest.fixture
def signed_in(client, auth, people):
    auth.login("els.janssens")
    return client


def test_the_search_url_is_a_full_page_without_htmx(signed_in):
    response = signed_in.get("/users/search?name=jans")
    page = text(response)
    assert response.status_code == 200 and "<html" in page
    assert "Opzoeking van gebruikers" in page and 'value="jans"' in page
    assert "2 gebruikers gevonden." in page
    assert 'hx-trigger="input changed delay:300ms, submit"' in page and 'hx-push-url="true"' in page


def test_the_same_url_answers_htmx_with_the_results_only(signed_in):
    response = signed_in.get("/users/search?name=jans", headers={"HX-Request": "true"})
    partial = text(response)
    assert "<html" not in partial and 'role="search"' not in partial
    assert "Koen Jansen" in partial and "Pieter De Smet" not in partial
    assert '<h2 class="count" data-announce="">2 gebruikers gevonden.</h2>' in partial
    assert "HX-Request" in response.headers["Vary"]


def test_complementary_search_through_the_form(signed_in):
    page = text(signed_in.get("/users/search?name=jans&complementary=y"))
    assert "3 gebruikers gevonden." in page
    assert "Pieter De Smet" in page and "Koen Jansen" not in page


def test_a_complementary_search_without_criteria_says_what_it_needs(signed_in):
    page = text(signed_in.get("/users/search?complementary=y"))
    assert "Geef minstens één zoekcriterium op" in page


def test_a_national_number_with_letters_is_refused_with_a_message(signed_in):
    response = signed_in.get("/users/search?national_number=85a11", headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Typ het rijksregisternummer met cijfers" in text(response)


def test_a_forged_application_is_refused(signed_in):
    response = signed_in.get("/users/search?applications=root")
    assert response.status_code == 422
    assert "Deze toepassing bestaat niet." in text(response)


def test_search_results_never_show_another_enterprise(signed_in, stranger):
    page = text(signed_in.get("/users/search?name=jans"))
    assert "jean.janssens" not in page


def test_results_are_paged_and_keep_the_search_size_and_sort(signed_in, bucom):
    for number in range(30):
        make_account(bucom, first_name="Zoë", last_name=f"Zeeman {number:02d}")
    page = text(signed_in.get("/users/search?name=zee&size=25"))
    assert "30 gebruikers gevonden." in page and page.count('id="user-') == 25
    assert 'href="/users/search?name=zee&size=25&page=2" rel="next"' in page
    second = text(signed_in.get("/users/search?name=zee&size=25&page=2"))
    assert second.count('id="user-') == 5 and "Zeeman 29" in second


def test_more_than_the_cap_is_said_so(signed_in, monkeypatch):
    routes = blueprints.users.routes
    monkeypatch.setattr(routes, "count_of", lambda query, page: (1000, True))
    assert "Meer dan 1.000 gebruikers gevonden." in text(signed_in.get("/users/search?name=j"))


def test_the_search_speaks_french(client, auth, bucom, people):
    make_account(bucom, role=Role.LOCAL_ADMIN, username="marie.dubois", language="fr")
    auth.login("marie.dubois")
    page = text(client.get("/users/search?name=jans&complementary=y"))
    # everybody but Koen Jansen and Els Janssens: Pieter, Élodie, Jan and Marie herself
    assert "Recherche complémentaire" in page and "4 utilisateurs trouvés." in page


# -- export -------------------------------------------------------------------------------------

def rows_of(response):
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_export_is_csv_with_a_header_and_semicolons(signed_in):
    response = signed_in.get("/users/export.csv")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0][:4] == ["Naam", "Voornaam", "Gebruikersnaam", "Rijksregisternummer"]
    assert [row[2] for row in rows[1:]] == [
        "pieter.desmet", "koen.jansen", "els.janssens", "elodie.lambert", "jan.peeters"]
    elodie = rows[4]
    assert elodie[:4] == ["Lambert", "Élodie", "elodie.lambert", "92.05.14-123.66"]
    assert elodie[6:8] == ["Sociale telefoontarieven (STTS)", "STTS 1: Commercieel profiel"]
    assert rows[5][8] == "Geblokkeerd"


def test_the_export_follows_the_search_and_its_complement(signed_in):
    assert [r[2] for r in rows_of(signed_in.get("/users/export.csv?name=jans"))[1:]] == [
        "koen.jansen", "els.janssens"]
    complement = rows_of(signed_in.get("/users/export.csv?name=jans&complementary=y"))
    assert [r[2] for r in complement[1:]] == ["pieter.desmet", "elodie.lambert", "jan.peeters"]


def test_the_export_holds_every_page_in_batches_and_no_formulas(signed_in, bucom, monkeypatch):
    monkeypatch.setattr(blueprints.users.export, "BATCH", 7)
    for number in range(60):
        make_account(bucom, first_name="=HYPERLINK(1)", last_name=f"Zeeman {number:02d}",
                     applications=["ebox"])
    rows = rows_of(signed_in.get("/users/export.csv?name=zee&size=25"))
    assert len(rows) == 61 and {row[6] for row in rows[1:]} == {"e-Box"}
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_the_export_may_use_commas(signed_in):
    body = signed_in.get("/users/export.csv?separator=comma").get_data(as_text=True)
    assert body.splitlines()[0] == (
        "\ufeffNaam,Voornaam,Gebruikersnaam,Rijksregisternummer,E-mailadres,Taal,Toepassingen,STTS-profiel,Status")


def test_the_demo_data_holds_the_search_examples(demo):
    bucom = Enterprise.get(Enterprise.name == "BUCOM NL")
    assert found(bucom, name="jans") == ["koen.jansen", "els.janssens"]
    assert found(bucom, name="Jansens") == []
    assert found(bucom, name="ele") == ["elodie.elewaut"]
    assert found(bucom, name="élo") == ["elodie.elewaut"]
    assert found(bucom, blocked=True) == ["jan.peeters"]


def test_page_links_keep_every_application_of_the_search(signed_in, bucom):
    for number in range(26):
        make_account(bucom, last_name=f"Zeeman {number:02d}", applications=[STTS, "ebox"])
    page = text(signed_in.get("/users/search?applications=stts&applications=ebox"))
    assert 'href="/users/search?applications=stts&applications=ebox&page=2" rel="next"' in page
