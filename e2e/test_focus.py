"""Keyboard and screen reader after htmx swaps: sorting or resizing the user list moves the focus to
the result heading (the next Tab goes on inside the results, not at the skip link) and the page's
one polite live region says what changed; the live search leaves the focus in its field."""

import re

from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.users import SearchForm, UserList
from e2e.test_users import sign_in_as_admin, stays_on_the_page


def live_region(page):
    return page.locator("#live-region")


def test_sorting_the_list_keeps_the_keyboard_in_the_results(page: Page, fresh_demo):
    sign_in_as_admin(page)
    UserList(page).open()
    same_page = stays_on_the_page(page)
    sort = page.get_by_role("columnheader", name="Gebruikersnaam").get_by_role("link", name="Gebruikersnaam")
    sort.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/users/\?sort=username&page=1$"))
    heading = page.get_by_role("heading", name=re.compile(r"gebruikers gevonden"))
    expect(heading).to_be_focused()
    said = re.compile(r"^\d+ gebruikers gevonden\. Gesorteerd op Gebruikersnaam\.$")
    expect(live_region(page)).to_have_text(said)
    column = page.get_by_role("columnheader", name="Gebruikersnaam")
    expect(column).to_have_attribute("aria-sort", "ascending")
    assert same_page()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Geselecteerde gebruikers blokkeren")).to_be_focused()
    assert page.evaluate("document.activeElement.closest('#results') !== null")
    assert_accessible(page)

    # and back, by the other column: the same again
    page.get_by_role("link", name="Voornaam Naam").click()
    expect(heading).to_be_focused()
    expect(live_region(page)).to_have_text(re.compile(r"Gesorteerd op Voornaam Naam\.$"))
    assert same_page()


def test_a_new_page_size_is_announced_and_focus_goes_to_the_results(page: Page, fresh_demo):
    sign_in_as_admin(page)
    UserList(page).open()
    same_page = stays_on_the_page(page)
    page.get_by_label("Gebruikers per pagina").select_option("50")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"size=50"))
    expect(page.get_by_role("heading", name=re.compile(r"gebruikers gevonden"))).to_be_focused()
    expect(live_region(page)).to_have_text(re.compile(r"gebruikers gevonden\."))
    assert same_page()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#results') !== null")
    assert_accessible(page)


def test_the_live_search_is_announced_once_and_keeps_the_focus_in_the_field(page: Page, fresh_demo):
    sign_in_as_admin(page)
    search = SearchForm(page).open()
    search.type_name("jans")
    expect(live_region(page)).to_have_text("2 gebruikers gevonden.")
    expect(search.name).to_be_focused()
    assert page.locator("[aria-live]").count() == 2  # the flash messages' and this one
    assert_accessible(page)


def test_two_wrong_fields_get_a_summary_that_takes_the_focus_and_leads_to_each(page: Page, fresh_demo):
    page.goto("/login")
    page.get_by_label("Gebruikersnaam", exact=True).fill("   ")
    page.get_by_role("button", name="Login").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Verbeter deze 2 fouten:")
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Gebruikersnaam", exact=True)).to_have_accessible_description(
        "Geef uw gebruikersnaam in.")
    assert_accessible(page)
    summary.get_by_role("link", name="Wachtwoord: Geef uw wachtwoord in.").click()
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_focused()
