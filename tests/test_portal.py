"""The manual's portal frame: the header's top links (Sitemap, Over de Sociale Zekerheid, Contacteer
ons), the home's section "De onderneming" with "Werkgevers RSZ", and that section's left menu ("Hoe
registreren", "Aanmelden") as a navigation landmark that marks the page you are on."""

import re

import pytest

from db.accounts import Role
from tests.factories import make_account, make_enterprise
from tests.helpers import text
from tests.test_route_access import PUBLIC

TOP = {"nl": ("Sitemap", "Over de Sociale Zekerheid", "Contacteer ons"),
       "fr": ("Plan du site", "À propos de la Sécurité sociale", "Contactez-nous"),
       "de": ("Sitemap", "Über die Soziale Sicherheit", "Kontakt")}
MENU = {"nl": ("Werkgevers RSZ", "Hoe registreren", "Aanmelden"),
        "fr": ("Employeurs ONSS", "Comment s'enregistrer", "Connexion"),
        "de": ("Arbeitgeber LSS", "Wie registrieren", "Anmeldung")}
PAGES = ("/", "/employers", "/sitemap", "/about", "/contact")


def nav(page, label):
    """The <nav> landmark named `label`, or None."""
    found = re.search(rf'<nav[^>]*aria-label="{re.escape(label)}"[^>]*>(.*?)</nav>', page, re.DOTALL)
    return found.group(1) if found else None


def links(fragment):
    return {re.sub(r"<[^>]+>", "", label).strip(): href
            for href, label in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', fragment, re.DOTALL)}


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_the_header_has_the_portals_top_links(client, language):
    client.set_cookie("lang", language)
    for path in PAGES:
        page = text(client.get(path))
        top = nav(page, {"nl": "Portaal", "fr": "Portail", "de": "Portal"}[language])
        assert top is not None, path
        assert list(links(top)) == list(TOP[language])
        assert links(top)[TOP[language][0]] == "/sitemap"


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_the_home_has_the_enterprise_section_with_rsz_employers_and_the_left_menu(client, language):
    client.set_cookie("lang", language)
    page = text(client.get("/"))
    employers, how_to_register, sign_in = MENU[language]
    section = re.search(r'<section aria-labelledby="enterprise-heading".*?</section>', page, re.DOTALL)[0]
    assert {"nl": "De onderneming", "fr": "L'entreprise", "de": "Das Unternehmen"}[language] in section
    assert links(section)[employers] == "/employers"
    menu = nav(page, employers)
    assert menu is not None
    assert links(menu)[how_to_register] == "/onboarding/" and links(menu)[sign_in] == "/login"


@pytest.mark.parametrize(("path", "current"), [("/onboarding/", "Hoe registreren"), ("/login", "Aanmelden"),
                                               ("/employers", "Werkgevers RSZ")])
def test_the_left_menu_marks_the_page_you_are_on(client, path, current):
    menu = nav(text(client.get(path)), "Werkgevers RSZ")
    marked = re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', menu)
    assert marked == [current]


def test_a_signed_in_person_keeps_the_top_links_without_the_left_menu(client, auth):
    make_account(make_enterprise(), role=Role.LOCAL_ADMIN, username="els.janssens")
    auth.login("els.janssens")
    page = text(client.get("/welcome/"))
    assert nav(page, "Portaal") is not None
    assert nav(page, "Werkgevers RSZ") is None
    assert 'class="framed"' not in page


def test_the_sitemap_lists_every_page_a_visitor_may_open(app, client):
    page = text(client.get("/sitemap"))
    listed = set(re.findall(r'<li><a href="([^"]+)">', page.split("<main", 1)[1]))
    # the GET routes with no value in their path that need no sign-in, but for machines and files
    openable = {rule.rule for rule in app.url_map.iter_rules()
                if rule.endpoint in PUBLIC and "GET" in rule.methods and not rule.arguments
                and rule.endpoint not in ("static", "channel.schema")}
    assert openable - listed == set()
    for url in listed:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
@pytest.mark.parametrize("path", PAGES)
def test_the_new_pages_speak_three_languages(client, path, language):
    client.set_cookie("lang", language)
    response = client.get(path)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    assert "About Social Security" not in response.text


def test_the_left_menu_goes_above_the_content_on_a_small_screen(client):
    css = client.get("/static/app.css").text
    small = re.search(r"@media \(max-width:40rem\)\{\.framed\{grid-template-columns:minmax\(0,1fr\)\}", css)
    assert small is not None
    page = text(client.get("/"))
    assert page.index('class="portal-menu"') < page.index('<main id="main"')
