"""The local admin's welcome page and every screen it leads to, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.account import CertificatePage, OpenSessions, OwnDataPage
from e2e.pages.exchange import ExchangePage
from e2e.pages.login import LoginPage
from e2e.pages.portal import Portal
from e2e.pages.routing import RoutingPage
from e2e.pages.welcome import ADMIN_SECTIONS, WelcomePage, admin_links
from tests.certificates import make_certificate, pem, private_key, private_key_pem

ADMIN = ("els.janssens", "Demo-Beheerder-2026")


def sign_in_as_admin(page):
    LoginPage(page).open().sign_in(*ADMIN)
    expect(Portal(page).heading).to_have_text("Welkom Els Janssens")
    return WelcomePage(page)


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_every_link_of_the_welcome_page_opens_its_page(page: Page, fresh_demo, language):
    welcome = sign_in_as_admin(page)
    portal = Portal(page)
    if language != "nl":
        portal.switch_language(language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    for section in ADMIN_SECTIONS[language]:
        expect(welcome.section(section)).to_be_visible()
    assert_accessible(page)

    for link, heading in admin_links(language):
        answer = welcome.follow(link)
        assert answer.ok, f"{link}: {answer.status}"
        expect(portal.heading).to_have_text(heading)
        assert_accessible(page)
        welcome.open()


def test_changing_the_language_switches_the_ui_at_once(page: Page, fresh_demo):
    sign_in_as_admin(page)
    own_data = OwnDataPage(page).open()
    own_data.choose_language("Taal", "Français")
    own_data.save()
    portal = Portal(page)
    expect(portal.heading).to_have_text("Consulter ou modifier d'autres données")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(portal.messages).to_contain_text("Vos données ont été enregistrées.")
    assert_accessible(page)

    WelcomePage(page).open()
    expect(portal.heading).to_have_text("Bienvenue Els Janssens")
    own_data.open().choose_language("Langue", "Nederlands")
    own_data.save("Enregistrer")
    expect(portal.heading).to_have_text("Consulteren of wijzigen van overige gegevens")


def test_a_malformed_address_is_refused_next_to_the_field(page: Page, fresh_demo):
    sign_in_as_admin(page)
    OwnDataPage(page).open()
    page.get_by_label("Uw e-mailadres").fill("els.bucom.example")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_label("Uw e-mailadres")).to_have_accessible_description(
        "Dit is geen geldig e-mailadres (bv. naam@voorbeeld.be).")
    assert_accessible(page)


def test_registering_replacing_and_revoking_the_certificate(page: Page, fresh_demo, tmp_path):
    first, second, key = tmp_path / "bucom.pem", tmp_path / "bucom-2026.pem", tmp_path / "bucom.key"
    first.write_bytes(pem(make_certificate("BUCOM NL")))
    second.write_bytes(pem(make_certificate("BUCOM NL 2026")))
    key.write_bytes(private_key_pem())
    sign_in_as_admin(page)
    certificate = CertificatePage(page).open()
    portal = Portal(page)
    assert_accessible(page)

    certificate.upload(first, "Registreren", signed_with=private_key("rsa2048"))
    expect(portal.messages).to_contain_text("Het certificaat werd geregistreerd.")
    expect(certificate.panel).to_contain_text("CN=BUCOM NL XML,O=BUCOM NL,C=BE")
    expect(certificate.panel).to_contain_text("RSA 2048")
    assert_accessible(page)

    certificate.upload(key, "Vervangen")
    expect(certificate.panel).to_contain_text("Dit bestand bevat een private sleutel.")
    expect(certificate.file_field).to_be_focused()

    certificate.upload(second, "Vervangen", signed_with=private_key("rsa2048"))
    expect(portal.messages).to_contain_text("Het certificaat werd vervangen.")
    expect(certificate.panel).to_contain_text("Eerder geregistreerde certificaten")

    certificate.revoke()
    expect(portal.messages).to_contain_text("Het certificaat werd ingetrokken.")
    expect(certificate.panel).to_contain_text("Uw onderneming heeft geen geregistreerd certificaat.")
    assert_accessible(page)


def test_the_routing_module_changes_a_line_in_place(page: Page, fresh_demo):
    sign_in_as_admin(page)
    routing = RoutingPage(page).open()
    expect(routing.row("e-Box")).to_contain_text("Een e-mailadres: backoffice@bucom.example")
    routing.change("Personeelsbestand", "Een e-mailadres", "hr@bucom.example")
    expect(Portal(page).messages).to_contain_text("De Routing Module werd opgeslagen voor Personeelsbestand.")
    expect(routing.row("Personeelsbestand")).to_contain_text("Een e-mailadres: hr@bucom.example")
    # htmx swapped the table: the page's address did not change
    expect(page).to_have_url(re.compile(r"/routing/settings$"))
    assert_accessible(page)

    routing.change("Werkmelding", "Een e-mailadres", "not an address")
    expect(page.get_by_label("E-mailadres", exact=True)).to_be_focused()
    expect(page.get_by_text("Dit is geen geldig e-mailadres")).to_be_visible()
    assert_accessible(page)


def test_registering_the_information_for_structured_messages(page: Page, fresh_demo):
    sign_in_as_admin(page)
    ExchangePage(page).open().register(
        "Bram Wouters (stts3.demo)", "Het wachtwoord van de technische afzender",
        ["Sociale telefoontarieven (STTS)"])
    expect(Portal(page).messages).to_contain_text(
        "De informatie voor de uitwisseling via gestructureerde berichten werd opgeslagen.")
    expect(page.get_by_label("Sociale telefoontarieven (STTS)", exact=True)).to_be_checked()
    assert_accessible(page)

    WelcomePage(page).open()
    expect(WelcomePage(page).recent_changes).to_contain_text(
        "Geregistreerd voor de uitwisseling van gestructureerde berichten")


def test_a_user_lands_on_their_own_start_page(page: Page):
    LoginPage(page).open().sign_in("stts1.demo", "Demo-Gebruiker-2026")
    portal, welcome = Portal(page), WelcomePage(page)
    expect(portal.heading).to_have_text("Welkom Pieter De Smet")
    expect(welcome.section("Toegangsbeheer")).to_have_count(0)
    expect(welcome.link("Beheer van certificaat voor gebruik op het portaal van de Sociale Zekerheid")) \
        .to_have_count(0)
    assert_accessible(page)
    welcome.follow("Sociale telefoontarieven (STTS)")
    expect(portal.heading).to_have_text("Sociale telefoontarieven")


def test_signing_out_on_all_other_devices(page: Page, fresh_demo, browser, browser_context_args):
    other_device = browser.new_context(**browser_context_args).new_page()
    sign_in_as_admin(other_device)
    sign_in_as_admin(page)
    OwnDataPage(page).open()
    sessions = OpenSessions(page)
    expect(sessions.rows).to_have_count(3)  # the heading row and two sessions
    expect(sessions.table).to_contain_text("Dit toestel")
    assert_accessible(page)
    sessions.sign_out_elsewhere()
    expect(Portal(page).messages).to_contain_text("1 andere sessie werd beëindigd.")
    expect(sessions.rows).to_have_count(2)
    other_device.goto("/account/details")
    expect(other_device).to_have_url(re.compile(r"/login"))
    other_device.context.close()
