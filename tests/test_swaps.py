"""After every htmx swap of a list (sorting, paging, the live search): the swapped part says what
changed for the page's one polite live region and names the heading the focus goes to; every sort
and page link is still a plain link that gives the full page without JavaScript."""

import re

import pytest

from db.accounts import Role
from tests.factories import make_account, make_enterprise
from tests.helpers import text
from tests.stts_data import active_dossier, operator_with_user

HTMX = {"HX-Request": "true"}


@pytest.fixture
def admin(auth, app):
    bucom = make_enterprise(name="BUCOM NL")
    make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                 last_name="Janssens")
    for number in range(29):
        make_account(bucom, first_name="Zoë", last_name=f"Zeeman {number:02d}", username=f"zoe.{number:02d}")
    auth.login("els.janssens")
    return bucom


def announced(page):
    """What app.js says in the live region after this part is swapped in: the text of the
    [data-announce] element, then its data-announce."""
    match = re.search(r'<(h2|div)[^>]* data-announce="([^"]*)"[^>]*>(.*?)</\1>', page, re.S)
    parts = (" ".join(part.split()) for part in (re.sub(r"<[^>]+>", " ", match.group(3)), match.group(2)))
    return " ".join(part if part[-1] in ".!?:" else part + "." for part in parts if part)


def test_every_page_has_one_polite_live_region(client, admin):
    page = text(client.get("/users/"))
    assert page.count('aria-live="polite" aria-atomic="true"') == 1
    assert '<p id="live-region" class="visually-hidden" aria-live="polite" aria-atomic="true"></p>' in page


def test_sort_and_page_links_are_htmx_swaps_of_the_results_that_push_the_url(client, admin):
    page = text(client.get("/users/"))
    assert '<div id="results" hx-target:inherited="#results">' in page
    assert ('<a href="/users/?sort=username&page=1" hx-get="/users/?sort=username&page=1" '
            'hx-push-url="true">Gebruikersnaam</a>') in page
    assert ('<a href="/users/?page=2" rel="next" hx-get="/users/?page=2" hx-push-url="true">'
            'Volgende pagina</a>') in page
    assert 'class="page-size" hx-get="/users/" hx-push-url="true"' in page


def test_a_sort_link_without_javascript_gives_the_full_page(client, admin):
    page = text(client.get("/users/?sort=username&page=1"))
    assert "<html" in page and 'aria-sort="ascending"' in page


def test_the_swapped_results_say_what_changed_and_where_the_focus_goes(client, admin):
    first = text(client.get("/users/?sort=username&page=1", headers=HTMX))
    assert "<html" not in first
    assert announced(first) == "30 gebruikers gevonden. 1–25 van 30. Gesorteerd op Gebruikersnaam."
    assert '<h2 class="count" data-announce="1–25 van 30. Gesorteerd op Gebruikersnaam.">' in first
    second = text(client.get("/users/?sort=username&page=2", headers=HTMX))
    assert announced(second) == "30 gebruikers gevonden. 26–30 van 30. Gesorteerd op Gebruikersnaam."


def test_the_live_search_says_its_count_without_taking_the_focus_from_the_field(client, admin):
    partial = text(client.get("/users/search?name=zee", headers=HTMX))
    assert announced(partial) == "29 gebruikers gevonden. 1–25 van 29."
    wrong = client.get("/users/search?applications=root", headers=HTMX)
    assert wrong.status_code == 422
    assert announced(text(wrong)) == "Toepassingen waartoe ze toegang hebben: Deze toepassing bestaat niet."
    assert '<div class="alert" role="alert" data-announce="">' in text(wrong)


def test_the_french_results_are_announced_in_french(client, auth, app):
    sud = make_enterprise(name="TELCO SUD SA")
    make_account(sud, role=Role.LOCAL_ADMIN, username="marie.dubois", language="fr")
    auth.login("marie.dubois")
    partial = text(client.get("/users/?sort=name", headers=HTMX))
    assert announced(partial) == "1 utilisateur trouvé. Trié par Prénom Nom."


def test_dossier_search_and_tasks_announce_their_results_and_page_through_htmx(client, auth, app):
    operator, user = operator_with_user("BUCOM NL", profile="stts3", username="stts3.user")
    for number in range(26):
        active_dossier(operator, user, last_name=f"Peeters {number:02d}")
    auth.login("stts3.user")
    partial = text(client.get("/stts/dossiers?name=peeters", headers=HTMX))
    assert announced(partial) == "26 dossiers gevonden. 1–25 van 26."
    assert 'rel="next" hx-get="/stts/dossiers?name=peeters&page=2" hx-target="#results"' in partial
    tasks = text(client.get("/stts/tasks", headers=HTMX))
    assert announced(tasks) == "Er zijn geen taken voor deze filters."
    assert 'role="status"' not in partial + tasks


def test_the_back_office_queue_announces_its_page(client, auth, app):
    make_account(role=Role.OFFICER, username="rsz.officer", first_name="Luc", last_name="Maes")
    auth.login("rsz.officer", portal="backoffice")
    partial = text(client.get("/backoffice/", headers=HTMX))
    assert "data-announce" in partial
