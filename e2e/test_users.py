"""'Beheer van gebruikers' in a real browser: the manual's labels, rows that change in place,
the live search, and a shorter pass in French and German."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.login import LoginPage
from e2e.pages.portal import Portal
from e2e.pages.users import FRENCH, GERMAN, OneTimePassword, SearchForm, UserList

ADMIN_PASSWORD = "Demo-Beheerder-2026"
NEW_PASSWORD = "Zeven-Blauwe-Olifanten-2026"


def sign_in_as_admin(page, username="els.janssens"):
    LoginPage(page).open().sign_in(username, ADMIN_PASSWORD)
    expect(Portal(page).heading).to_contain_text(re.compile("Welkom|Bienvenue|Willkommen"))


def stays_on_the_page(page):
    """Mark the page; the mark survives only if no navigation happens meanwhile."""
    page.evaluate("window.__samePage = true")
    return lambda: page.evaluate("window.__samePage === true")


def sign_in_elsewhere(browser: Browser, base_url, username, password):
    """Another person, in another browser: returns their page after clicking 'Login'."""
    other = browser.new_context(base_url=base_url, locale="nl-BE").new_page()
    LoginPage(other).open().sign_in(username, password)
    return other


def test_register_block_unblock_new_password_change_profile_and_delete(page: Page, browser: Browser,
                                                                        base_url, fresh_demo):
    sign_in_as_admin(page)
    users = UserList(page).open()
    expect(Portal(page).heading).to_have_text("Beheer van gebruikers")
    assert_accessible(page)

    # Nieuwe gebruiker toevoegen -> Registreren: the one-time password is shown once
    form = users.add_user()
    expect(Portal(page).heading).to_have_text("Nieuwe gebruiker toevoegen")
    assert_accessible(page)
    password = form.register("Nora", "Vermeulen", "85.07.30-033.28",
                             "nora.vermeulen@bucom.be", "nora.vermeulen",
                             applications=["Sociale telefoontarieven (STTS)"],
                             profile="STTS 2: Administratief profiel")
    expect(Portal(page).messages).to_contain_text("Nora Vermeulen is geregistreerd.")
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", password)
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar Beheer van gebruikers").click()

    # Blokkeren gebruiker: only the row changes, no page load, and the live region says so
    row = users.row("Nora Vermeulen")
    same_page = stays_on_the_page(page)
    users.toggle_block("Nora Vermeulen", "block")
    expect(row.get_by_role("button", name="Deblokkeren gebruiker")).to_be_visible()
    expect(row).to_contain_text("Geblokkeerd")
    expect(Portal(page).messages).to_have_text("Nora Vermeulen is geblokkeerd en kan niet meer inloggen.")
    expect(row.get_by_role("button", name="Deblokkeren gebruiker")).to_be_focused()
    assert same_page()
    assert_accessible(page)

    # the blocked user cannot sign in
    nora = sign_in_elsewhere(browser, base_url, "nora.vermeulen", password)
    expect(LoginPage(nora).alert).to_contain_text("Uw account is geblokkeerd.")

    # Deblokkeren gebruiker: in place again; now the one-time password leads to 'Wijzig wachtwoord'
    users.toggle_block("Nora Vermeulen", "unblock")
    expect(row.get_by_role("button", name="Blokkeren gebruiker")).to_be_visible()
    expect(Portal(page).messages).to_contain_text("Nora Vermeulen is gedeblokkeerd")
    assert same_page()
    LoginPage(nora).open().sign_in("nora.vermeulen", password)
    expect(Portal(nora).heading).to_have_text("Wijzig wachtwoord")

    # Nieuw wachtwoord: confirm, then a new one-time password; the old one is dead
    users.follow("Nora Vermeulen", "new_password")
    expect(Portal(page).heading).to_have_text("Nieuw wachtwoord: Nora Vermeulen")
    assert_accessible(page)
    page.get_by_role("button", name="Nieuw wachtwoord").click()
    second = OneTimePassword(page).value
    assert second != password
    nora.reload()
    expect(nora).to_have_url(re.compile("/login"))
    nora.context.close()

    # Wijzigen profiel: e-mail and profile; the history shows the change
    users.open().follow("Nora Vermeulen", "change_profile")
    expect(Portal(page).heading).to_have_text("Wijzigen profiel: Nora Vermeulen")
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("n.vermeulen@bucom.be")
    page.get_by_label("STTS 3: Uitgebreid administratief profiel").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(Portal(page).messages).to_contain_text("Het profiel van Nora Vermeulen werd gewijzigd.")
    history = page.get_by_role("region", name="Historiek")
    expect(history).to_contain_text("Profiel gewijzigd")
    expect(history).to_contain_text("STTS 2: Administratief profiel → STTS 3: Uitgebreid")
    expect(history).to_contain_text("Gebruiker geblokkeerd")
    assert_accessible(page)

    # Verwijderen gebruiker: the overview first, then 'Verwijderen'
    users.open().follow("Nora Vermeulen", "delete_user")
    expect(Portal(page).heading).to_have_text("Verwijderen gebruiker: Nora Vermeulen")
    expect(page.locator("main")).to_contain_text("STTS 3: Uitgebreid administratief profiel")
    assert_accessible(page)
    page.get_by_role("button", name="Verwijderen", exact=True).click()
    expect(Portal(page).messages).to_contain_text("Nora Vermeulen werd verwijderd.")
    expect(users.row("Nora Vermeulen")).to_have_count(0)


def test_a_refused_registration_keeps_the_input_and_says_why(page: Page, fresh_demo):
    sign_in_as_admin(page)
    UserList(page).open().add_user()
    page.get_by_label("Voornaam", exact=True).fill("Pieter")
    page.get_by_label("Gebruikersnaam", exact=True).fill("stts1.demo")
    page.get_by_label("Herhaal de gebruikersnaam").fill("stts1.demo")
    page.get_by_role("button", name="Registreren").click()
    expect(page.locator("#username-error")).to_contain_text("Deze gebruikersnaam is al in gebruik.")
    # several fields are wrong: the summary at the top takes the focus and leads to each
    expect(page.locator("#error-summary")).to_be_focused()
    page.get_by_role("link", name=re.compile("^Gebruikersnaam: Deze gebruikersnaam")).click()
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_be_focused()
    expect(page.get_by_label("Voornaam", exact=True)).to_have_value("Pieter")
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_the_live_search_narrows_as_you_type_and_the_url_follows(page: Page, fresh_demo):
    sign_in_as_admin(page)
    search = SearchForm(page).open()
    expect(Portal(page).heading).to_have_text("Opzoeking van gebruikers")
    assert_accessible(page)
    results = UserList(page)
    same_page = stays_on_the_page(page)

    search.type_name("ja")
    expect(results.count).to_have_text("3 gebruikers gevonden.")
    search.type_name("ns")
    expect(results.count).to_have_text("2 gebruikers gevonden.")
    expect(results.rows).to_have_count(2)
    expect(results.row("Els Janssens")).to_be_visible()
    expect(results.row("Koen Jansen")).to_be_visible()
    expect(search.name).to_be_focused()
    expect(page).to_have_url(re.compile(r"/users/search\?name=jans"))
    expect(page.locator("#live-region")).to_contain_text("2 gebruikers gevonden.")

    search.type_name("ens")  # "jansens": nobody
    expect(results.count).to_have_text("0 gebruikers gevonden.")
    search.name.fill("")
    search.type_name("ele")  # accents do not matter: Élodie Elewaut
    expect(results.row("Élodie Elewaut")).to_be_visible()
    expect(results.rows).to_have_count(1)
    assert same_page()
    assert_accessible(page)

    # the URL is the search: Back shows the previous one, and the URL alone gives the full page
    page.go_back()
    expect(page).not_to_have_url(re.compile("name=ele"))
    previous = parse_qs(urlsplit(page.url).query).get("name", [""])[0]
    expect(search.name).to_have_value(previous)
    page.goto("/users/search?name=jans")
    expect(results.rows).to_have_count(2)


def test_complementary_search_shows_everyone_else(page: Page, fresh_demo):
    sign_in_as_admin(page)
    search = SearchForm(page).open()
    results = UserList(page)
    search.type_name("jans")
    expect(results.rows).to_have_count(2)
    search.complementary()
    expect(results.count).to_have_text("6 gebruikers gevonden.")
    expect(results.row("Els Janssens")).to_have_count(0)
    expect(results.row("Pieter De Smet")).to_be_visible()
    expect(page).to_have_url(re.compile("complementary=y"))


def test_bulk_blocking_confirms_first(page: Page, fresh_demo):
    sign_in_as_admin(page)
    users = UserList(page).open()
    for name in ("Pieter De Smet", "An Claes"):
        users.row(name).get_by_role("checkbox").check()
    page.get_by_role("button", name="Geselecteerde gebruikers blokkeren").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Deze 2 gebruikers worden geblokkeerd:")
    assert_accessible(page)
    page.get_by_role("button", name="Bevestigen").click()
    expect(Portal(page).messages).to_contain_text("2 gebruikers geblokkeerd.")
    expect(users.row("An Claes")).to_contain_text("Geblokkeerd")


def test_a_shorter_pass_in_french(page: Page, fresh_demo):
    sign_in_as_admin(page, "marie.dubois")
    users = UserList(page, FRENCH).open()
    expect(Portal(page).heading).to_have_text("Gestion des utilisateurs")
    users.add_user().register("Luc", "Lemaire", "85.11.03-153.67", "luc.lemaire@telcosud.be", "luc.lemaire",
                              applications=["Tarifs téléphoniques sociaux (STTS)"],
                              profile="STTS 1 : Profil commercial")
    expect(Portal(page).messages).to_contain_text("Luc Lemaire est enregistré(e).")
    users.open()
    same_page = stays_on_the_page(page)
    users.toggle_block("Luc Lemaire", "block")
    expect(users.row("Luc Lemaire").get_by_role("button", name="Débloquer utilisateur")).to_be_visible()
    expect(Portal(page).messages).to_contain_text("Luc Lemaire est bloqué(e)")
    assert same_page()
    assert_accessible(page)


def test_a_shorter_pass_in_german(page: Page, fresh_demo):
    sign_in_as_admin(page)
    Portal(page).switch_language("de")
    search = SearchForm(page, GERMAN).open()
    expect(Portal(page).heading).to_have_text("Suche nach Benutzern")
    results = UserList(page, GERMAN)
    search.type_name("pie")
    expect(results.count).to_have_text("1 Benutzer gefunden.")
    results.toggle_block("Pieter De Smet", "block")
    expect(results.row("Pieter De Smet").get_by_role("button", name="Benutzer entsperren")).to_be_visible()
    expect(Portal(page).messages).to_contain_text("Pieter De Smet ist gesperrt")
    assert_accessible(page)


def test_failed_sign_ins_lock_out_the_guessing_browser_not_the_account(page: Page, browser: Browser,
                                                                       base_url, fresh_demo):
    # 5 wrong passwords lock the account for the address that typed them (SECURITY.md, "Lock-out"):
    # the list says so ("for one address"), not "locked" outright, and "Ontgrendelen" lifts it
    guesser = sign_in_elsewhere(browser, base_url, "stts2.demo", "wrong-password")
    for _ in range(4):
        LoginPage(guesser).sign_in("stts2.demo", "wrong-password")
    LoginPage(guesser).open().sign_in("stts2.demo", "Demo-Gebruiker-2026")
    expect(LoginPage(guesser).alert).to_contain_text("Onjuiste gebruikersnaam of wachtwoord")
    sign_in_as_admin(page)
    row = UserList(page).open().row("An Claes")
    expect(row).to_contain_text("Vergrendeld voor één adres tot")
    expect(row).not_to_contain_text("Geblokkeerd")
    assert_accessible(page)
    row.get_by_role("button", name="Ontgrendelen").click()
    expect(UserList(page).row("An Claes")).not_to_contain_text("Vergrendeld")
    LoginPage(guesser).open().sign_in("stts2.demo", "Demo-Gebruiker-2026")
    expect(guesser).not_to_have_url(re.compile(r"/login"))
    guesser.context.close()


def test_correcting_a_national_number(page: Page, fresh_demo):
    sign_in_as_admin(page)
    UserList(page).open().follow("Bram Wouters", "change_profile")
    page.get_by_role("link", name="Rijksregisternummer verbeteren").click()
    expect(Portal(page).heading).to_have_text("Rijksregisternummer verbeteren: Bram Wouters")
    assert_accessible(page)
    page.get_by_label("Juist rijksregisternummer").fill("85.11.03-153.67")  # Pieter De Smet's
    page.get_by_role("button", name="Verbeteren").click()
    taken = "Een andere gebruiker van uw onderneming heeft dit rijksregisternummer al."
    expect(page.get_by_text(taken)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Juist rijksregisternummer").fill("85.07.30-033.28")
    page.get_by_role("button", name="Verbeteren").click()
    expect(Portal(page).messages).to_contain_text("Het rijksregisternummer van Bram Wouters werd verbeterd.")
    expect(page.get_by_role("region", name="Historiek")).to_contain_text("Rijksregisternummer verbeterd")
