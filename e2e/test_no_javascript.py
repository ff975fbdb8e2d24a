"""The second pass: every main flow with JavaScript off, as in a browser that has it disabled or a
link too slow to load it. htmx never runs: each form posts or gets a full page, each answer is a
whole page. Each flow checks what the person sees and what is stored (the server's own database,
read directly when the suite runs its own server).

One browser context with JavaScript off per test; the server and the demo data are the suite's."""

import re
import sqlite3
from contextlib import closing

import pytest
from playwright.sync_api import Page, expect

from e2e.pages.backoffice import Queue
from e2e.pages.login import LoginPage
from e2e.pages.onboarding import AccessRequestWizard, CreateLocalAdmin, Person
from e2e.pages.portal import Portal
from e2e.pages.stts import DossierPage, RequestForm, TasksPage, messages
from e2e.pages.users import NewUserForm, OneTimePassword, UserList

ADMIN = ("els.janssens", "Demo-Beheerder-2026")
USER_PASSWORD = "Demo-Gebruiker-2026"
OFFICER = ("rsz.officer", "Demo-Officer-2026")
NEW_PASSWORD = "Zeven-Blauwe-Olifanten-2026"


@pytest.fixture
def page(new_context) -> Page:
    """A page in a browser context with JavaScript off."""
    page = new_context(java_script_enabled=False).new_page()
    # the proof that nothing runs: a page's own script would have set this
    page.goto("/login")
    assert page.evaluate("1") == 1  # Playwright's own evaluation still works
    return page


@pytest.fixture
def stored(local_server):
    """stored(sql, *values): the rows the server's database holds (our own server's SQLite file)."""
    if local_server is None:
        pytest.skip("the database is read on our own server")
    path = local_server.env["DATABASE_URL"].removeprefix("sqlite:///")

    def query(sql, *values):
        with closing(sqlite3.connect(path)) as connection:
            return connection.execute(sql, values).fetchall()

    return query


def no_script_ran(page: Page):
    """htmx and app.js never ran: htmx would have defined window.htmx."""
    return page.evaluate("typeof window.htmx === 'undefined'")


def sign_in(page: Page, username, password, portal="Onderneming"):
    LoginPage(page).open().sign_in(username, password, portal=portal)
    expect(page).not_to_have_url(re.compile("/login$"))


def test_javascript_is_off_in_this_pass(page: Page):
    assert no_script_ran(page)
    # the print buttons need a script: without it they are not offered
    expect(page.get_by_role("button", name="Afdrukken")).to_have_count(0)


def test_sign_in_create_change_block_new_password_search_bulk_and_delete(page: Page, fresh_demo, stored):
    sign_in(page, *ADMIN)
    expect(Portal(page).heading).to_have_text("Welkom Els Janssens")
    users = UserList(page).open()
    expect(Portal(page).heading).to_have_text("Beheer van gebruikers")

    # Nieuwe gebruiker toevoegen -> Registreren: the one-time password
    password = users.add_user().register(
        "Nora", "Vermeulen", "85.07.30-033.28", "nora.vermeulen@bucom.be", "nora.vermeulen",
        applications=["Sociale telefoontarieven (STTS)"], profile="STTS 2: Administratief profiel")
    expect(Portal(page).messages).to_contain_text("Nora Vermeulen is geregistreerd.")
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", password)
    expect(page.get_by_role("button", name="Afdrukken")).to_have_count(0)
    assert stored("SELECT first_name, last_name, email FROM account WHERE username = ?",
                  "nora.vermeulen") == [("Nora", "Vermeulen", "nora.vermeulen@bucom.be")]

    # Blokkeren gebruiker: the form posts, the whole list comes back
    users.open()
    users.toggle_block("Nora Vermeulen", "block")
    expect(page).to_have_url(re.compile("/users/"))
    expect(users.row("Nora Vermeulen")).to_contain_text("Geblokkeerd")
    expect(Portal(page).messages).to_contain_text("Nora Vermeulen is geblokkeerd")
    assert stored("SELECT blocked FROM account WHERE username = ?", "nora.vermeulen") == [(1,)]
    users.toggle_block("Nora Vermeulen", "unblock")
    expect(users.row("Nora Vermeulen").get_by_role("button", name="Blokkeren gebruiker")).to_be_visible()
    expect(Portal(page).messages).to_contain_text("Nora Vermeulen is gedeblokkeerd")
    assert stored("SELECT blocked FROM account WHERE username = ?", "nora.vermeulen") == [(0,)]

    # Nieuw wachtwoord: the confirmation page, then a new one-time password
    users.follow("Nora Vermeulen", "new_password")
    expect(Portal(page).heading).to_have_text("Nieuw wachtwoord: Nora Vermeulen")
    page.get_by_role("button", name="Nieuw wachtwoord").click()
    assert OneTimePassword(page).value != password

    # Wijzigen profiel
    users.open().follow("Nora Vermeulen", "change_profile")
    page.get_by_label("E-mailadres").fill("n.vermeulen@bucom.be")
    page.get_by_label("STTS 3: Uitgebreid administratief profiel").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(Portal(page).messages).to_contain_text("Het profiel van Nora Vermeulen werd gewijzigd.")
    expect(page.get_by_role("region", name="Historiek")).to_contain_text(
        "STTS 2: Administratief profiel → STTS 3: Uitgebreid")
    assert stored("SELECT email FROM account WHERE username = ?", "nora.vermeulen") == [
        ("n.vermeulen@bucom.be",)]

    # Opzoeking van gebruikers: the form is a GET, 'Zoeken' gives the whole page with the results
    page.goto("/users/search")
    page.get_by_label("Naam of voornaam").fill("jans")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page).to_have_url(re.compile(r"/users/search\?.*name=jans"))
    expect(users.count).to_have_text("2 gebruikers gevonden.")
    expect(users.row("Els Janssens")).to_be_visible()
    expect(users.row("Koen Jansen")).to_be_visible()
    # Complementair zoeken: everybody else
    page.get_by_label("Complementair zoeken").check()
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page).to_have_url(re.compile("complementary=y"))
    expect(users.row("Els Janssens")).to_have_count(0)
    expect(users.row("Nora Vermeulen")).to_be_visible()

    # bulk: tick two rows, 'Geselecteerde gebruikers blokkeren', confirm
    users.open()
    for name in ("Pieter De Smet", "An Claes"):
        users.row(name).get_by_role("checkbox").check()
    page.get_by_role("button", name="Geselecteerde gebruikers blokkeren").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Deze 2 gebruikers worden geblokkeerd:")
    page.get_by_role("button", name="Bevestigen").click()
    expect(Portal(page).messages).to_contain_text("2 gebruikers geblokkeerd.")
    expect(users.row("An Claes")).to_contain_text("Geblokkeerd")
    assert stored("SELECT count(*) FROM account WHERE blocked AND last_name IN ('De Smet', 'Claes')") == [
        (2,)]

    # Verwijderen gebruiker: the overview, then 'Verwijderen'
    users.open().follow("Nora Vermeulen", "delete_user")
    expect(Portal(page).heading).to_have_text("Verwijderen gebruiker: Nora Vermeulen")
    page.get_by_role("button", name="Verwijderen", exact=True).click()
    expect(Portal(page).messages).to_contain_text("Nora Vermeulen werd verwijderd.")
    expect(users.row("Nora Vermeulen")).to_have_count(0)
    assert stored("SELECT count(*) FROM account WHERE username = ?", "nora.vermeulen") == [(0,)]
    assert no_script_ran(page)


def test_a_refused_new_user_keeps_what_was_typed(page: Page, fresh_demo):
    sign_in(page, *ADMIN)
    page.goto("/users/new")
    NewUserForm(page).register("Pieter", "", "", "", "stts1.demo", expect_password=False)
    expect(page.locator("#username-error")).to_contain_text("Deze gebruikersnaam is al in gebruik.")
    expect(page.get_by_label("Voornaam", exact=True)).to_have_value("Pieter")


def test_the_access_request_the_back_office_and_the_first_login(page: Page, fresh_demo, stored):
    # the wizard: each step is a whole page
    wizard = AccessRequestWizard(page).open_from_home()
    wizard.next()
    expect(page.locator("#rsz_number-error")).to_contain_text(
        "Geef het RSZ-nummer of het ondernemingsnummer (KBO)")
    wizard.enterprise("ORBIT TELECOM BV", kbo="0473.120.567", address=("Vaartkom 31", "3000", "Leuven"))
    wizard.local_admin(Person("Peeters", "Sofie", "87.04.12-123.14", "employee", "sofie@orbit.example"))
    wizard.signer(Person("Peeters", "Koen", "65.09.23-456.88", "manager", "koen@orbit.example"),
                  works_in_enterprise=False)
    expect(page.get_by_text("Belgisch Staatsblad")).to_be_visible()
    wizard.change("admin")
    expect(wizard.label("first_name")).to_have_value("Sofie")
    wizard.label("first_name").fill("Sophie")
    wizard.next()
    wizard.expect_step("overview")
    confirmation = wizard.register()
    ticket = confirmation.ticket
    expect(page.get_by_role("main")).to_contain_text(
        "De RSZ aanvaardt geen fax, geen fotokopie en geen e-mail.")
    assert stored("SELECT enterprise_name, admin_first_name, street, postcode, city, status"
                  " FROM access_request WHERE ticket = ?", ticket) == [
        ("ORBIT TELECOM BV", "Sophie", "Vaartkom 31", "3000", "Leuven", "submitted")]

    # the back office: receive the original, issue the provisional credentials
    sign_in(page, *OFFICER, portal="Backoffice Sociale Zekerheid")
    queue = Queue(page).open()
    queue.search(ticket)
    expect(queue.row(ticket)).to_contain_text("Wacht op het ondertekende origineel")
    request = queue.open_request(ticket)
    request.record_original_received()
    assert stored("SELECT status FROM access_request WHERE ticket = ?", ticket) == [("original_received",)]
    letter = request.issue_credentials()
    username, password = letter.username, letter.password
    expect(page.locator(".letter .addressee")).to_contain_text("3000 Leuven")
    assert stored("SELECT status FROM access_request WHERE ticket = ?", ticket) == [("credentials_issued",)]
    Portal(page).logout()

    # the first login: 'Maak een lokale beheerder', then the own username
    LoginPage(page).open().sign_in(username, password)
    create = CreateLocalAdmin(page).select()
    create.register("sophie.peeters", NEW_PASSWORD)
    expect(page).to_have_url(re.compile("/login$"))
    expect(Portal(page).messages).to_contain_text("Uw account als lokale beheerder is klaar.")
    LoginPage(page).sign_in("sophie.peeters", NEW_PASSWORD)
    expect(Portal(page).heading).to_have_text("Welkom Sophie Peeters")
    assert stored("SELECT a.role, e.name FROM account a JOIN enterprise e ON e.id = a.enterprise_id"
                  " WHERE a.username = ?", "sophie.peeters") == [("local_admin", "ORBIT TELECOM BV")]
    assert no_script_ran(page)


def test_request_activate_modify_stop_and_cancel_a_dossier(page: Page, fresh_demo, stored):
    # STTS 1 requests: the register's name and address come with the answer, not as it is typed
    sign_in(page, "stts1.demo", USER_PASSWORD)
    page.goto("/stts/dossiers/new")
    form = RequestForm(page)
    form.fill(national_number="40.01.15-123.80", category="65 jaar of ouder", formula="Vaste telefonie",
              customer_number="BC-200001", line_number="+33 1 23 45 67 89")
    form.submit()
    expect(form.error_of("line_number")).to_contain_text("Dit is geen geldig Belgisch vast of mobiel nummer")
    expect(form.field("customer_number")).to_have_value("BC-200001")
    form.fill(line_number="03 201 23 45")
    form.submit()
    dossier = DossierPage(page)
    expect(dossier.heading).to_have_text("Dossier Maria Peeters")
    expect(messages(page)).to_contain_text("De aanvraag werd aanvaard: het dossier wacht op activatie.")
    expect(dossier.data).to_contain_text("Meir 12, 2000 Antwerpen")
    dossier_id = dossier.dossier_id
    dossier.action("Wijziging: activering").click()
    page.get_by_role("button", name="Activeren").click()
    expect(messages(page)).to_contain_text("Het dossier is actief.")
    assert stored("SELECT status, line_number FROM dossier WHERE id = ?", dossier_id) == [
        ("active", "+3232012345")]
    Portal(page).logout()

    # STTS 3 modifies it, stops the tariff after the page that says what happens, and cancels the stop
    sign_in(page, "stts3.demo", USER_PASSWORD)
    page.goto(f"/stts/dossiers/{dossier_id}")
    dossier.action("Wijzigen").click()
    page.get_by_label("Klantnummer").fill("BC-200099")
    page.get_by_role("button", name="Opslaan").click()
    expect(messages(page)).to_contain_text("Het dossier werd opgeslagen.")
    expect(dossier.history).to_contain_text("Klantnummer: BC-200001 → BC-200099")
    assert stored("SELECT customer_number FROM dossier WHERE id = ?", dossier_id) == [("BC-200099",)]

    dossier.action("Stopzetten van het sociaal telefoontarief").click()
    page.get_by_label("Reden", exact=True).select_option(label="Verhuis")
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("#what-happens")).to_contain_text('Het dossier wordt nu "stopgezet"')
    page.get_by_role("button", name="Stopzetting bevestigen").click()
    expect(messages(page)).to_contain_text("De stopzetting werd geregistreerd.")
    assert stored("SELECT status FROM dossier WHERE id = ?", dossier_id) == [("stopped",)]

    dossier.action("Annulatie van een actie").click()
    expect(page.get_by_role("main")).to_contain_text("Status: stopgezet → actief")
    page.get_by_role("button", name="Deze actie annuleren").click()
    expect(messages(page)).to_contain_text("De actie werd geannuleerd.")
    expect(dossier.history.get_by_role("row").nth(1)).to_contain_text("Annulatie van een actie")
    assert stored("SELECT status FROM dossier WHERE id = ?", dossier_id) == [("active",)]
    assert no_script_ran(page)


def test_search_transfer_and_handle_a_task(page: Page, fresh_demo, stored):
    sign_in(page, "stts3.demo", USER_PASSWORD)
    # the dossier search: 'Zoeken' gives the whole page
    page.goto("/stts/dossiers")
    page.get_by_label("Naam", exact=True).fill("lefe")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    expect(page).to_have_url(re.compile(r"name=lefe"))
    expect(page.locator("#result-count")).to_have_text("1 dossier gevonden")
    page.locator("#results").get_by_role("link", name="Lefèvre Élodie").click()
    expect(DossierPage(page).heading).to_have_text("Dossier Élodie Lefèvre")

    # the transfer from another operator
    page.goto("/stts/transfer")
    page.get_by_label("Rijksregisternummer").fill("60.11.05-345.66")
    page.get_by_label("Lijnnummer (vast of mobiel)").fill("087 55 12 34")
    page.get_by_role("button", name="Tarief overnemen").click()
    dossier = DossierPage(page)
    expect(dossier.heading).to_have_text("Dossier Hans Müller")
    expect(messages(page)).to_contain_text('Er werd een taak "Ontbrekende gegevens invullen" aangemaakt.')
    expect(dossier.data).to_contain_text("Overgenomen van een andere operator")
    assert stored("SELECT d.status FROM dossier d JOIN enterprise e ON e.id = d.enterprise_id"
                  " WHERE d.national_number = ? AND e.name = 'BUCOM NL'", "60110534566") == [("active",)]

    # a task: filter with 'Filteren' (no script to follow the select), handle it
    page.goto("/stts/tasks")
    tasks = TasksPage(page)
    tasks.filter_type("Reductie beëindigen")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"kind=end_reduction"))
    expect(tasks.rows).to_have_count(2)
    tasks.handle("Martin Sophie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Taak: Reductie beëindigen")
    tasks.mark_handled("Reductie stopgezet in de facturatie")
    expect(messages(page)).to_contain_text("De taak werd als behandeld gemarkeerd.")
    expect(tasks.rows.filter(has_text="Martin Sophie")).to_have_count(0)
    assert stored("SELECT count(*) FROM task WHERE status = 'handled' AND comment = ?",
                  "Reductie stopgezet in de facturatie") == [(1,)]
    assert no_script_ran(page)


def test_the_other_in_place_screens_work_as_whole_pages(page: Page, fresh_demo, stored):
    """What htmx changes in place elsewhere: the language, the list's pages and size, the Routing
    Module's line, the back-office queue's filter, a ticket's status, the register's identification."""
    # the ticket's status, signed out
    page.goto("/onboarding/status")
    page.get_by_label("Ticketnummer").fill("stts-n7va-2qkm")
    page.get_by_role("button", name="Opzoeken").click()
    expect(page.get_by_role("heading", name="Toegangsaanvraag STTS-N7VA-2QKM")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Wacht op het ondertekende origineel")

    sign_in(page, *ADMIN)
    # the language: a form post, the same page back in French
    page.goto("/users/")
    Portal(page).switch_language("fr")
    expect(Portal(page).heading).to_have_text("Gestion des utilisateurs")
    Portal(page).switch_language("nl")
    expect(Portal(page).heading).to_have_text("Beheer van gebruikers")
    # the list: a page size, a sort, the next page -- links and a GET form
    page.get_by_label("Gebruikers per pagina").select_option("25")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"size=25"))
    page.get_by_role("columnheader").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"sort="))
    expect(page.get_by_role("columnheader").and_(page.locator("[aria-sort]"))).to_have_count(1)

    # the Routing Module: 'Wijzigen' opens the line in a page of its own, 'Opslaan' comes back
    page.goto("/routing/settings")
    page.get_by_role("link", name="Wijzigen – Personeelsbestand").click()
    expect(page).to_have_url(re.compile(r"/routing/settings/"))
    page.get_by_label("Een e-mailadres").check()
    page.get_by_label("E-mailadres", exact=True).fill("not an address")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Dit is geen geldig e-mailadres")).to_be_visible()
    page.get_by_label("E-mailadres", exact=True).fill("hr@bucom.example")
    page.get_by_role("button", name="Opslaan").click()
    expect(Portal(page).messages).to_contain_text("De Routing Module werd opgeslagen voor Personeelsbestand.")
    expect(page.get_by_role("row").filter(has_text="Personeelsbestand")).to_contain_text("hr@bucom.example")
    assert stored("SELECT count(*) FROM routing_rule WHERE email = ?", "hr@bucom.example") == [(1,)]
    Portal(page).logout()

    # the back office's queue: the status filter needs its 'Zoeken' without a script
    sign_in(page, *OFFICER, portal="Backoffice Sociale Zekerheid")
    page.goto("/backoffice/")
    page.get_by_label("Status").select_option(label="Geweigerd")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("row").filter(has_text="ALTO MOBILE NV")).to_have_count(1)
    expect(page.get_by_role("row").filter(has_text="NOVA TELECOM BV")).to_have_count(0)
    Portal(page).logout()

    # the request form: without the live look-up, the register's answer comes with the page
    sign_in(page, "stts1.demo", USER_PASSWORD)
    page.goto("/stts/dossiers/new")
    form = RequestForm(page)
    form.fill(national_number="85.07.30-033.28", category="65 jaar of ouder", formula="Vaste telefonie",
              customer_number="BC-3", line_number="080 22 11 00")
    form.submit()
    expect(form.error_of("national_number")).to_have_text("Identificatie van de aanvrager is niet mogelijk.")
    expect(form.field("customer_number")).to_have_value("BC-3")
    assert no_script_ran(page)
