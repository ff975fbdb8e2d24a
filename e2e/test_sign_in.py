"""Signing in, switching languages and signing out, in a real browser."""

from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.login import LoginPage
from e2e.pages.portal import Portal


def test_local_admin_signs_in_switches_language_and_signs_out(page: Page, fresh_demo):
    login = LoginPage(page).open()
    assert_accessible(page)
    login.sign_in("els.janssens", "Demo-Beheerder-2026")

    portal = Portal(page)
    expect(portal.heading).to_have_text("Welkom Els Janssens")
    expect(portal.account_bar).to_contain_text("Onderneming: BUCOM NL")
    assert_accessible(page)

    portal.switch_language("fr")
    expect(portal.heading).to_have_text("Bienvenue Els Janssens")
    expect(portal.account_bar).to_contain_text("Entreprise\u00a0: BUCOM NL")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    portal.switch_language("de")
    expect(portal.heading).to_have_text("Willkommen Els Janssens")
    expect(portal.account_bar).to_contain_text("Unternehmen: BUCOM NL")

    portal.switch_language("nl")
    portal.logout()
    expect(portal.messages).to_contain_text("U bent afgemeld.")
    expect(page.get_by_role("link", name="Zich aanmelden").first).to_be_visible()


def test_wrong_password_keeps_the_username_and_says_why(page: Page):
    login = LoginPage(page).open()
    login.sign_in("els.janssens", "niet-het-wachtwoord")
    expect(login.alert).to_contain_text("Onjuiste gebruikersnaam of wachtwoord")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("els.janssens")
    assert_accessible(page)


def test_an_officer_lands_on_the_back_office(page: Page):
    LoginPage(page).open().sign_in("rsz.officer", "Demo-Officer-2026", portal="Backoffice Sociale Zekerheid")
    expect(Portal(page).heading).to_have_text("Toegangsaanvragen")


def test_the_skip_link_leads_to_the_main_content(page: Page):
    page.goto("/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de hoofdinhoud")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
