"""Onboarding in a real browser, by the manual's labels: the access request, the back office,
the first login with provisional credentials, and replacing the local admin."""

import re

from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.backoffice import Queue
from e2e.pages.login import LoginPage
from e2e.pages.onboarding import AccessRequestWizard, CreateLocalAdmin, Person
from e2e.pages.portal import Portal

OFFICER = ("rsz.officer", "Demo-Officer-2026")
NEW_PASSWORD = "Zeven-Blauwe-Olifanten-2026"
SOFIE = Person("Peeters", "Sofie", "87.04.12-123.14", "employee", "sofie.peeters@orbit.example",
               "0470 12 34 56")
KOEN = Person("Peeters", "Koen", "65.09.23-456.88", "manager", "koen.peeters@orbit.example")


def officer_issues_credentials(page: Page, ticket):
    """The officer finds the request, records the signed original and issues credentials."""
    LoginPage(page).open().sign_in(*OFFICER, portal="Backoffice Sociale Zekerheid")
    queue = Queue(page).open()
    assert_accessible(page)
    queue.search(ticket)
    expect(queue.row(ticket)).to_contain_text("Wacht op het ondertekende origineel")
    request = queue.open_request(ticket)
    assert_accessible(page)
    request.record_original_received()
    letter = request.issue_credentials()
    assert_accessible(page)
    credentials = letter.username, letter.password
    Portal(page).logout()
    return credentials


def first_login(page: Page, username, password, own_username, language="nl"):
    """Provisional credentials, 'Maak een lokale beheerder', own username; back at the login page."""
    LoginPage(page).open().sign_in(username, password)
    assert_accessible(page)
    create = CreateLocalAdmin(page, language).select()
    assert_accessible(page)
    create.register(own_username, NEW_PASSWORD)
    expect(page).to_have_url(re.compile("/login$"))


def test_a_new_operator_goes_from_nothing_to_a_signed_in_local_admin(page: Page, fresh_demo):
    wizard = AccessRequestWizard(page).open_from_home()
    assert_accessible(page)
    wizard.next()
    expect(wizard.errors.first).to_be_visible()
    # next to the field, and in the summary of the step's errors that leads to it
    missing = "Geef het RSZ-nummer of het ondernemingsnummer (KBO)"
    expect(page.locator("p.error").get_by_text(missing)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^RSZ-identificatienummer: Geef"))).to_be_visible()
    assert_accessible(page)

    wizard.enterprise("ORBIT TELECOM BV", kbo="0473.120.567")
    expect(page.locator("#step-heading")).to_be_focused()
    wizard.local_admin(SOFIE)
    expect(page.get_by_label("werknemer", exact=True)).to_have_count(0)
    wizard.signer(KOEN, works_in_enterprise=False)
    assert_accessible(page)
    expect(page.get_by_text("Belgisch Staatsblad")).to_be_visible()

    wizard.change("admin")
    expect(wizard.label("first_name")).to_have_value("Sofie")
    wizard.label("first_name").fill("Sophie")
    wizard.next()
    wizard.expect_step("overview")
    expect(page.get_by_role("main")).to_contain_text("Sophie")
    expect(page).to_have_url(re.compile("/onboarding/request$"))

    confirmation = wizard.register()
    ticket = confirmation.ticket
    expect(page.get_by_role("main")).to_contain_text(
        "De RSZ aanvaardt geen fax, geen fotokopie en geen e-mail.")
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()
    assert_accessible(page)

    username, password = officer_issues_credentials(page, ticket)
    assert username.startswith("tmp-")

    first_login(page, username, password, "sophie.peeters")
    expect(Portal(page).messages).to_contain_text("Uw account als lokale beheerder is klaar.")
    LoginPage(page).sign_in("sophie.peeters", NEW_PASSWORD)
    expect(Portal(page).heading).to_have_text("Welkom Sophie Peeters")
    expect(Portal(page).account_bar).to_contain_text("Onderneming: ORBIT TELECOM BV")

    # the provisional credentials worked once
    Portal(page).logout()
    LoginPage(page).open().sign_in(username, password)
    expect(LoginPage(page).alert).to_contain_text("Deze voorlopige gegevens werden al gebruikt.")


def test_replacing_the_local_admin_takes_their_rights_at_that_moment(page: Page, new_context, fresh_demo):
    els = new_context().new_page()
    LoginPage(els).open().sign_in("els.janssens", "Demo-Beheerder-2026")
    els.goto("/users/")
    expect(Portal(els).heading).to_have_text("Beheer van gebruikers")

    wizard = AccessRequestWizard(page).open_from_home()
    wizard.enterprise("BUCOM NL", kbo="0566.988.259", then="replace")
    expect(page.get_by_role("group", name="Wilt u uw huidige lokale beheerder vervangen?")).to_be_visible()
    assert_accessible(page)
    wizard.replace(yes=True)
    wizard.local_admin(Person("Wouters", "Bram", "92.01.30-789.56", "employee", "bram@bucom.example"))
    wizard.signer(Person("Janssens", "Piet", "81.11.05-234.36", "director", "piet@bucom.example"))
    expect(page.get_by_role("main")).to_contain_text("Vervangt de huidige lokale beheerder")
    ticket = wizard.register().ticket

    username, password = officer_issues_credentials(page, ticket)
    first_login(page, username, password, "bram.wouters")
    LoginPage(page).sign_in("bram.wouters", NEW_PASSWORD)
    expect(Portal(page).heading).to_have_text("Welkom Bram Wouters")
    page.goto("/users/")
    expect(Portal(page).heading).to_have_text("Beheer van gebruikers")

    # Els's session ended; signed in again, she can no longer manage users
    els.goto("/users/")
    expect(els).to_have_url(re.compile("/login"))
    LoginPage(els).sign_in("els.janssens", "Demo-Beheerder-2026")
    response = els.goto("/users/")
    assert response.status == 403
    expect(Portal(els).heading).to_have_text("U hebt geen toegang tot deze pagina.")
    els.context.close()

    # the request's history tells the officer what happened
    Portal(page).logout()
    LoginPage(page).open().sign_in(*OFFICER, portal="Backoffice Sociale Zekerheid")
    queue = Queue(page).open()
    queue.search(ticket)
    request = queue.open_request(ticket)
    expect(request.history).to_contain_text("Lokale beheerder geregistreerd")
    expect(request.history).to_contain_text("Vervangen: els.janssens")


def test_no_to_replacing_files_nothing(page: Page):
    wizard = AccessRequestWizard(page).open_from_home()
    wizard.enterprise("BUCOM NL", kbo="0566988259", then="replace")
    wizard.replace(yes=False)
    expect(page.get_by_role("heading", name="Uw aanvraag werd niet ingediend")).to_be_visible()
    assert_accessible(page)


def test_the_access_request_in_french(page: Page):
    page.goto("/")
    Portal(page).switch_language("fr")
    wizard = AccessRequestWizard(page, "fr").open_from_home()
    wizard.enterprise("TELCO NORD SRL", kbo="0881.234.607")
    wizard.local_admin(Person("Dupont", "Claire", "87.04.12-123.14", "employee", "claire@nord.example"))
    wizard.signer(Person("Dupont", "Paul", "65.09.23-456.88", "director", "paul@nord.example"))
    assert_accessible(page)
    confirmation = wizard.register()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirmation de votre demande d'accès")
    assert confirmation.ticket
    expect(page.get_by_role("main")).to_contain_text("L'ONSS n'accepte ni fax, ni photocopie, ni e-mail.")


def test_the_first_login_in_german(page: Page, fresh_demo):
    page.goto("/login")
    Portal(page).switch_language("de")
    LoginPage(page).open()
    page.get_by_label("Benutzername").fill("tmp-demo-2026")
    page.get_by_label("Passwort").fill("Demo-Voorlopig-2026")
    page.get_by_role("button", name="Anmelden").click()
    create = CreateLocalAdmin(page, "de").select()
    create.register("lukas.schmitz", "kurz")
    expect(page.get_by_text("Das Passwort muss mindestens 12 Zeichen lang sein.")).to_be_visible()
    expect(page.get_by_label("Benutzername", exact=True)).to_have_value("lukas.schmitz")
    assert_accessible(page)
    create.register("lukas.schmitz", NEW_PASSWORD)
    page.get_by_label("Unternehmen").check()
    page.get_by_label("Benutzername").fill("lukas.schmitz")
    page.get_by_label("Passwort").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(Portal(page).heading).to_have_text("Willkommen Lukas Schmitz")
