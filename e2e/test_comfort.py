"""Comfort: an irreversible action asks first on a page of its own (rejecting an access request),
and a session ended elsewhere says why on the login page."""

import re

from playwright.sync_api import Browser, Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.account import OpenSessions
from e2e.pages.backoffice import Queue
from e2e.pages.login import LoginPage
from e2e.test_users import ADMIN_PASSWORD, sign_in_as_admin, sign_in_elsewhere


def test_rejecting_an_access_request_asks_first_on_its_own_page(page: Page, fresh_demo):
    LoginPage(page).open().sign_in("rsz.officer", "Demo-Officer-2026", portal="Backoffice Sociale Zekerheid")
    Queue(page).open().open_request("STTS-N7VA-2QKM")
    page.get_by_label("Het formulier is niet het ondertekende origineel (fax, fotokopie of e-mail)").check()
    page.get_by_role("button", name="Weigeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De aanvraag STTS-N7VA-2QKM weigeren?")
    expect(page.get_by_text("dit kan niet ongedaan gemaakt worden")).to_be_visible()
    assert_accessible(page)
    # Terug: nothing happened
    page.get_by_role("link", name="Terug", exact=True).click()
    expect(page).to_have_url(re.compile(r"/backoffice/requests/\d+$"))
    expect(page.get_by_role("button", name="Weigeren")).to_be_visible()
    # and this time for real
    page.get_by_label("Het formulier is niet het ondertekende origineel (fax, fotokopie of e-mail)").check()
    page.get_by_role("button", name="Weigeren").click()
    page.get_by_role("button", name="De aanvraag weigeren").click()
    expect(page.get_by_text("De aanvraag is geweigerd.")).to_be_visible()


def test_a_session_ended_on_another_device_says_why(page: Page, browser: Browser, base_url, fresh_demo):
    other = sign_in_elsewhere(browser, base_url, "els.janssens", ADMIN_PASSWORD)
    sign_in_as_admin(page)
    page.goto("/account/details")
    OpenSessions(page).sign_out_elsewhere()
    other.goto("/users/")
    expect(other).to_have_url(re.compile(r"/login"))
    expect(other.get_by_text(
        "Uw sessie werd beëindigd omdat u zich afmeldde op alle andere toestellen.")).to_be_visible()
    assert_accessible(other)
