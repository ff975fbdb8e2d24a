"""Accounts beyond the manual, in a real browser: the second factor (the key read from the page's
text, the code computed with pyotp), a recovery code, an invitation accepted from the e-mail the
SMTP sink received, and the enterprise's history filtered."""

import re
import time

import pyotp
from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.login import LoginPage
from e2e.pages.portal import Portal
from e2e.pages.users import UserList

NEW_PASSWORD = "Een-Eigen-Gekozen-Zin-2026"


def test_second_factor_on_sign_in_with_a_code_then_with_a_recovery_code(page: Page, fresh_demo):
    LoginPage(page).open().sign_in("stts2.demo", "Demo-Gebruiker-2026")
    page.goto("/account/details")
    page.get_by_role("link", name="Tweede factor beheren").click()
    expect(Portal(page).heading).to_have_text("Tweede factor")
    expect(page.locator("figure.qr svg")).to_be_visible()
    assert_accessible(page)
    secret = page.get_by_label("Sleutel voor de authenticatie-app").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Code").fill(totp.now())
    page.get_by_role("button", name="Tweede factor aanzetten").click()
    expect(Portal(page).heading).to_have_text("Herstelcodes")
    codes = page.get_by_role("list", name="Herstelcodes").get_by_role("listitem").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"([0-9a-f]{4}-){7}[0-9a-f]{4}", code) for code in codes)
    assert_accessible(page)
    Portal(page).logout()

    # the password, then the code of the next time step (the one used to confirm is spent)
    LoginPage(page).open().sign_in("stts2.demo", "Demo-Gebruiker-2026")
    expect(Portal(page).heading).to_have_text("Tweede factor")
    assert_accessible(page)
    page.get_by_label("Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Aanmelden").click()
    expect(Portal(page).heading).to_contain_text("Welkom")
    Portal(page).logout()

    # a recovery code, once
    LoginPage(page).open().sign_in("stts2.demo", "Demo-Gebruiker-2026")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Aanmelden").click()
    expect(Portal(page).heading).to_contain_text("Welkom")
    Portal(page).logout()
    LoginPage(page).open().sign_in("stts2.demo", "Demo-Gebruiker-2026")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("alert").or_(page.locator(".error")).first).to_contain_text("al gebruikt")


def test_an_invitation_from_the_email_and_the_history_filtered(page: Page, fresh_demo, mail_sink):
    LoginPage(page).open().sign_in("els.janssens", "Demo-Beheerder-2026")
    form = UserList(page).open().add_user()
    page.get_by_label("Een uitnodiging per e-mail versturen: de gebruiker kiest een eigen wachtwoord").check()
    form.register("Ines", "Wauters", "85.07.30-033.28", "ines.wauters@bucom.be", "ines.wauters",
                  applications=["Sociale telefoontarieven (STTS)"], profile="STTS 1: Commercieel profiel",
                  expect_password=False)
    expect(Portal(page).messages).to_contain_text(
        "Er werd een uitnodiging naar ines.wauters@bucom.be gestuurd")

    # the enterprise's history, filtered on the kind of action
    page.goto("/welcome/")
    page.get_by_role("link", name="Historiek van de onderneming").click()
    expect(Portal(page).heading).to_have_text("Historiek van de onderneming")
    page.get_by_label("Soort actie").select_option(label="Uitnodiging per e-mail verstuurd")
    page.get_by_role("button", name="Filteren").click()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ines Wauters")
    assert_accessible(page)
    page.get_by_label("Van", exact=True).fill("2026-05-02")
    page.get_by_label("Tot", exact=True).fill("2026-05-01")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator(".error").first).to_contain_text("voor het begin")
    Portal(page).logout()

    # the e-mail the sink received: the link, once
    link = re.search(r"http://\S+/invitation/\S+", mail_sink.last_to("ines.wauters@bucom.be")).group(0)
    page.goto(link)
    expect(Portal(page).heading).to_have_text("Kies uw wachtwoord")
    assert_accessible(page)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Herhaal het nieuw wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    LoginPage(page).open().sign_in("ines.wauters", NEW_PASSWORD)
    expect(Portal(page).heading).to_have_text("Welkom Ines Wauters")
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("werd al gebruikt")
