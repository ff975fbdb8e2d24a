"""The start page after signing in: the local admin's welcome page, a user's own start page,
and the page about each secured application."""

import re

import pytest

from db.accounts import Account, Role
from db.applications import STTS, Application
from db.audit import AuditEvent
from domain import audit
from domain.activity import describe
from tests.factories import act, make_account, make_enterprise
from tests.helpers import text

# the manual's welcome page: section, then its links (text and target)
ADMIN_LINKS = [
    ("Beheer eigen gegevens", [("Wijzig wachtwoord", "/account/password"),
                               ("Consulteren of wijzigen van overige gegevens", "/account/details"),
                               ("Beheer van certificaat voor gebruik op het portaal van de Sociale Zekerheid",
                                "/account/certificate")]),
    ("Gebruikers", [("Beheer van gebruikers", "/users/"), ("Opzoeking van gebruikers", "/users/search"),
                    ("Historiek van de onderneming", "/history/")]),
    ("Routing Module", [("Algemene inlichtingen", "/routing/"),
                        ("Consulteren of wijzigen", "/routing/settings")]),
    ("Uitwisseling via gestructureerde berichten", [("Registratie van de nodige informatie", "/exchange/"),
                                                    ("Geschiedenis van de gestructureerde berichten",
                                                     "/exchange/history")]),
]
LINK = re.compile(r'<a href="(/[^"]*)"')


@pytest.fixture
def enterprise(app):
    return make_enterprise(name="BUCOM NL")


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                        last_name="Janssens")


def main_part(page):
    return page.split('<main id="main" tabindex="-1">', 1)[1].split("</main>", 1)[0]


def test_the_local_admins_welcome_page_follows_the_manual(client, auth, admin):
    auth.login("els.janssens")
    page = text(client.get("/welcome/"))
    assert "Onderneming: <strong>BUCOM NL</strong>" in page
    assert "<h1>Welkom Els Janssens</h1>" in page
    assert "U bent ingelogd als <strong>lokaal beheerder</strong> van uw onderneming" in page
    assert "In uw eigen belang vragen we u om discreet om te gaan met uw wachtwoord" in page
    assert ">Toegangsbeheer</h2>" in page
    for section, links in ADMIN_LINKS:
        assert f">{section}</h3>" in page
        for label, target in links:
            assert f'<a href="{target}">{label}</a>' in page
    assert ">Beveiligde toepassingen</h2>" in page


def test_every_application_is_listed_for_the_local_admin(client, auth, admin):
    auth.login("els.janssens")
    page = text(client.get("/welcome/"))
    for application in Application.catalogue():
        assert f">{application.name_nl}</a>" in page
    # without an STTS profile, the STTS link opens the page about STTS
    assert '<a href="/welcome/applications/stts">Sociale telefoontarieven (STTS)</a>' in page


def test_every_link_of_the_welcome_page_works(client, auth, admin):
    auth.login("els.janssens")
    links = LINK.findall(main_part(client.get("/welcome/").text))
    assert len(links) == sum(len(group) for _, group in ADMIN_LINKS) + Application.catalogue().count()
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_welcome_page_speaks_french(client, auth, admin):
    Account.update(language="fr").where(Account.id == admin.id).execute()
    auth.login("els.janssens")
    page = text(client.get("/welcome/"))
    assert "<h1>Bienvenue Els Janssens</h1>" in page
    assert "Vous êtes connecté en tant que <strong>gestionnaire local</strong>" in page
    assert '<a href="/account/details">Consulter ou modifier d\'autres données</a>' in page
    assert '<a href="/routing/">Informations générales</a>' in page
    assert ">Fichier du personnel</a>" in page


def test_a_user_sees_their_own_start_page(client, auth, enterprise):
    make_account(enterprise, username="stts1.user", first_name="Pieter", last_name="De Smet",
                 stts_profile="stts1", applications=[STTS])
    auth.login("stts1.user")
    page = text(client.get("/welcome/"))
    assert "<h1>Welkom Pieter De Smet</h1>" in page
    assert "U bent ingelogd als gebruiker van uw onderneming." in page
    assert '<a href="/account/password">Wijzig wachtwoord</a>' in page
    assert '<a href="/account/details">Consulteren of wijzigen van overige gegevens</a>' in page
    # their one application opens the STTS application itself
    assert '<a href="/stts/">Sociale telefoontarieven (STTS)</a>' in page
    assert "Personeelsbestand" not in page
    for admin_only in ("/account/certificate", "/users/", "/routing/", '"/exchange/"', "Recente wijzigingen"):
        assert admin_only not in main_part(page)
    # an STTS user sends files of structured messages from the browser
    assert '<a href="/exchange/upload">Een bestand met gestructureerde berichten versturen</a>' in page


def test_a_user_without_applications_is_told_whom_to_ask(client, auth, enterprise):
    make_account(enterprise, username="new.user")
    auth.login("new.user")
    assert "U hebt nog geen toegang tot een toepassing." in text(client.get("/welcome/"))


def test_officers_have_no_welcome_page(client, auth):
    make_account(None, role=Role.OFFICER, username="rsz.officer")
    auth.login("rsz.officer", portal="backoffice")
    assert client.get("/welcome/").status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    assert client.get("/welcome/").status_code == 302


# -- recent changes ---------------------------------------------------------------------------------------


def test_the_welcome_page_shows_the_enterprises_last_changes_in_words(client, auth, admin, enterprise):
    user = make_account(enterprise, first_name="An", last_name="Claes")
    audit.record(act(user), "account.password_changed", subject=user)
    audit.record(act(admin), "user.blocked", subject=user)
    audit.record(act(admin), "something.new", subject=user)
    audit.record(act(admin), "user.blocked",
                 subject=make_account(make_enterprise(), first_name="Not", last_name="Ours"))
    auth.login("els.janssens")
    page = text(client.get("/welcome/"))
    assert ">Recente wijzigingen</h2>" in page
    assert "Wachtwoord van An Claes gewijzigd" in page
    assert "Gebruiker An Claes geblokkeerd" in page
    assert "Wijziging 'something.new': An Claes" in page
    assert "Els Janssens (els.janssens)" in page
    assert "Not Ours" not in page


def test_only_the_last_five_changes_show(client, auth, admin, enterprise):
    for number in range(7):
        user = make_account(enterprise, first_name="User", last_name=str(number))
        audit.record(act(admin), "user.created", subject=user)
    auth.login("els.janssens")
    page = text(client.get("/welcome/"))
    assert page.count("Gebruiker User") == 5
    assert "Gebruiker User 6 aangemaakt" in page and "Gebruiker User 1 aangemaakt" not in page


def test_without_changes_the_page_says_so(client, auth, admin):
    auth.login("els.janssens")
    page = text(client.get("/welcome/"))
    assert "Er werden nog geen wijzigingen geregistreerd voor uw onderneming." in page


def test_a_routing_change_names_the_application_in_the_readers_language(app, enterprise, admin):
    from domain.routing import change_route

    change_route(act(admin), Application.get(Application.code == "personnel"), destination="email",
                 email="hr@bucom.be", version=0)
    event = AuditEvent.of_enterprise(enterprise).get()
    names = {a.code: a.name("de") for a in Application.catalogue()}
    assert describe(event, names) == "Routing Module changed for Personalbestand"


# -- the page about an application --------------------------------------------------------------------------


def test_an_application_page_says_what_the_application_is(client, auth, admin):
    auth.login("els.janssens")
    page = text(client.get("/welcome/applications/ebox"))
    assert "<h1>e-Box</h1>" in page
    assert "De beveiligde elektronische brievenbus van uw onderneming bij de overheid." in page
    assert 'href="/routing/settings/ebox"' in page


def test_the_stts_page_tells_a_local_admin_without_profile_how_to_get_in(client, auth, admin):
    auth.login("els.janssens")
    page = text(client.get("/welcome/applications/stts"))
    assert "hebt u een STTS-profiel nodig" in page and "Beheer van gebruikers" in page


def test_the_stts_page_opens_stts_for_a_user_with_a_profile(client, auth, enterprise):
    make_account(enterprise, username="stts2.user", stts_profile="stts2", applications=[STTS])
    auth.login("stts2.user")
    page = text(client.get("/welcome/applications/stts"))
    assert '<a class="button primary" href="/stts/">De STTS-toepassing openen</a>' in page


def test_an_application_the_user_may_not_use_is_not_found(client, auth, enterprise):
    make_account(enterprise, username="stts.user", applications=[STTS])
    auth.login("stts.user")
    assert client.get("/welcome/applications/ebox").status_code == 404
    assert client.get("/welcome/applications/no-such-thing").status_code == 404
