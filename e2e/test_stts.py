"""The STTS application in a real browser: the three profiles at work, in the manual's Dutch, and the
request form in French and German."""

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.portal import Portal
from e2e.pages.stts import DossierPage, RequestForm, SearchPage, TasksPage, messages, sign_in, sign_out

# the name, address and language come from the National Register
MARIA = {
    "national_number": "40.01.15-123.80", "category": "65 jaar of ouder", "formula": "Vaste telefonie",
    "customer_number": "BC-200001", "line_number": "03 201 23 45",
}


def test_stts1_requests_stts2_stops_and_stts3_cancels_the_stop(page: Page, fresh_demo):
    # STTS 1: the commercial profile requests a tariff ...
    start = sign_in(page, "stts1.demo")
    expect(start.function("Stopzetten van een reductie en van het sociaal telefoontarief")).to_have_count(0)
    assert_accessible(page)
    start.open("Aanvraag van een sociaal telefoontarief")
    form = RequestForm(page)
    form.fill(line_number="+33 1 23 45 67 89")
    form.leave("line_number")
    # checked as the field is left, without a page load
    expect(form.error_of("line_number")).to_have_text(
        "Dit is geen geldig Belgisch vast of mobiel nummer (bv. 0470 12 34 56 of 02 512 34 56).")
    expect(form.field("line_number")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    form.fill(**MARIA)
    form.leave("line_number")
    expect(form.error_of("line_number")).to_have_count(0)
    form.submit()

    dossier = DossierPage(page)
    expect(dossier.heading).to_have_text("Dossier Maria Peeters")
    expect(messages(page)).to_contain_text("De aanvraag werd aanvaard: het dossier wacht op activatie.")
    expect(dossier.data).to_contain_text("03 201 23 45")
    expect(dossier.data).to_contain_text("Meir 12, 2000 Antwerpen")
    assert_accessible(page)
    # the activation is part of "Wijziging van een dossier": no function of its own
    expect(dossier.action("Activeren")).to_have_count(0)
    dossier.action("Wijziging: activering").click()
    assert_accessible(page)
    page.get_by_role("button", name="Activeren").click()
    expect(messages(page)).to_contain_text("Het dossier is actief.")
    assert_accessible(page)
    # ... and cannot stop it: no button, and the address itself answers 403
    expect(dossier.action("Stopzetten van het sociaal telefoontarief")).to_have_count(0)
    dossier_id = dossier.dossier_id
    response = page.goto(f"/stts/dossiers/{dossier_id}/stop/tariff")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("U hebt geen toegang tot deze pagina.")
    sign_out(page)

    # STTS 2: the administrative profile stops it, after a page that says what will happen
    sign_in(page, "stts2.demo")
    page.goto(f"/stts/dossiers/{dossier_id}")
    dossier.action("Stopzetten van het sociaal telefoontarief").click()
    assert_accessible(page)
    page.get_by_label("Reden", exact=True).select_option(label="Verhuis")
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("#what-happens")).to_contain_text('Het dossier wordt nu "stopgezet"')
    assert_accessible(page)
    page.get_by_role("button", name="Stopzetting bevestigen").click()
    expect(messages(page)).to_contain_text("De stopzetting werd geregistreerd.")
    expect(page.get_by_text("stopgezet", exact=True).first).to_be_visible()
    expect(dossier.action("Annulatie van een actie")).to_have_count(0)
    sign_out(page)

    # STTS 3: the extended profile cancels the stop
    sign_in(page, "stts3.demo")
    page.goto(f"/stts/dossiers/{dossier_id}")
    dossier.action("Annulatie van een actie").click()
    expect(page.get_by_role("main")).to_contain_text("Status: stopgezet → actief")
    assert_accessible(page)
    page.get_by_role("button", name="Deze actie annuleren").click()
    expect(messages(page)).to_contain_text("De actie werd geannuleerd.")
    expect(dossier.history.get_by_role("row").nth(1)).to_contain_text("Annulatie van een actie")
    expect(dossier.history).to_contain_text("Stopzetten van het sociaal telefoontarief")
    expect(dossier.data).not_to_contain_text("Verhuis")


def test_stts3_handles_the_task_of_a_transfer(page: Page, fresh_demo):
    start = sign_in(page, "stts3.demo")
    start.open("Consulteren en behandelen van taken voor de operator")
    tasks = TasksPage(page)
    assert_accessible(page)
    tasks.filter_type("Reductie beëindigen")
    # the list follows the filter without a page load, and the address keeps it
    expect(page).to_have_url(re.compile(r"kind=end_reduction"))
    expect(tasks.rows).to_have_count(2)
    tasks.handle("Martin Sophie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Taak: Reductie beëindigen")
    assert_accessible(page)
    tasks.mark_handled("Reductie stopgezet in de facturatie")
    expect(messages(page)).to_contain_text("De taak werd als behandeld gemarkeerd.")
    expect(tasks.rows.filter(has_text="Martin Sophie")).to_have_count(0)
    page.get_by_label("Status", exact=True).select_option(label="behandeld")
    expect(tasks.rows.filter(has_text="Martin Sophie")).to_have_count(1)


def test_a_task_cannot_be_closed_until_its_data_is_filled_in(page: Page, fresh_demo):
    sign_in(page, "stts3.demo")
    SearchPage(page).open().open_dossier("Lemaire Marc")
    dossier = DossierPage(page)
    expect(page.get_by_role("region", name="Open taken")).to_contain_text("Ontbrekende gegevens invullen")
    page.get_by_role("region", name="Open taken").get_by_role("link").click()
    task_url = page.url
    # the task says why it is there and what to do
    expect(page.locator("#task-cause")).to_have_text(
        "In het dossier ontbreken verplichte gegevens: Klantnummer.")
    expect(page.locator("#task-what-to-do")).to_contain_text("Wijziging van een dossier")
    assert_accessible(page)
    TasksPage(page).mark_handled("Klantnummer aangevuld")
    expect(page.locator("#reason-error")).to_contain_text("De oorzaak van deze taak is er nog")
    # the link goes to the field that misses its value
    page.get_by_role("main").get_by_role("link", name="Klantnummer").click()
    assert_accessible(page)
    page.get_by_label("Klantnummer").fill("bc-100999")
    page.get_by_role("button", name="Opslaan").click()
    expect(messages(page)).to_contain_text("Het dossier werd opgeslagen.")
    expect(dossier.history).to_contain_text("Klantnummer: – → BC-100999")
    page.goto(task_url)
    expect(page.get_by_role("main")).to_contain_text("De oorzaak van deze taak is weg")
    TasksPage(page).mark_handled("Klantnummer BC-100999 aangevuld")
    expect(messages(page)).to_contain_text("De taak werd als behandeld gemarkeerd.")


def test_a_request_whose_name_comes_from_the_register(page: Page, fresh_demo):
    start = sign_in(page, "stts1.demo")
    start.open("Aanvraag van een sociaal telefoontarief")
    form = RequestForm(page)
    form.fill(national_number="38.07.04-567.63")
    form.leave("national_number")
    # looked up as it is typed: name, address and language, read-only
    expect(form.identity).to_contain_text("Lambert Louise")
    expect(form.identity).to_contain_text("Rue de Bruxelles 61, 5000 Namur")
    assert_accessible(page)
    form.fill(national_number="85.07.30-033.28")
    form.leave("national_number")
    expect(form.identity).to_contain_text("Identificatie van de aanvrager is niet mogelijk.")
    form.fill(national_number="38.07.04-567.63", category="65 jaar of ouder", formula="Vaste telefonie",
              customer_number="BC-200002", line_number="081 22 44 66")
    form.leave("national_number")
    expect(form.identity).to_contain_text("Lambert Louise")
    form.submit()
    dossier = DossierPage(page)
    expect(dossier.heading).to_have_text("Dossier Louise Lambert")
    expect(dossier.data).to_contain_text("Rue de Bruxelles 61, 5000 Namur")
    expect(dossier.data).to_contain_text("Français")


def test_a_scheduled_stop_is_applied_by_the_nightly_job(page: Page, fresh_demo, nightly_job):
    sign_in(page, "stts2.demo")
    SearchPage(page).open().open_dossier("Dupont Jean")
    dossier = DossierPage(page)
    dossier_url = page.url
    dossier.action("Stopzetten van de reductie").click()
    page.get_by_label("Reden", exact=True).select_option(label="Andere")
    page.get_by_label("De andere reden", exact=True).fill("Verblijft voortaan in een woonzorgcentrum")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    page.get_by_label("Einddatum", exact=True).fill(tomorrow)
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("#what-happens")).to_contain_text("De stopzetting is gepland")
    assert_accessible(page)
    page.get_by_role("button", name="Stopzetting bevestigen").click()
    expect(messages(page)).to_contain_text("De stopzetting is gepland")
    expect(dossier.data).to_contain_text("Geplande stopzetting")
    expect(page.get_by_text("actief", exact=True).first).to_be_visible()
    expect(dossier.history).to_contain_text("Stopzetten van de reductie (gepland)")
    assert_accessible(page)
    # tonight nothing is due yet; tomorrow night the nightly job applies it
    assert "scheduled stops applied" not in nightly_job(days_later=0)
    assert "1 scheduled stops applied" in nightly_job(days_later=1)
    page.goto(dossier_url)
    expect(page.get_by_text("stopgezet", exact=True).first).to_be_visible()
    expect(dossier.history.get_by_role("row").nth(1)).to_contain_text("Geplande stopzetting uitgevoerd")


def test_the_search_narrows_as_you_type(page: Page, fresh_demo):
    sign_in(page, "stts1.demo")
    search = SearchPage(page).open()
    expect(search.results).to_have_count(7)
    assert_accessible(page)
    search.type_name("lefe")
    expect(search.count).to_have_text("1 dossier gevonden")
    expect(search.results).to_have_count(1)
    expect(page).to_have_url(re.compile(r"name=lefe"))
    expect(page.get_by_label("Naam", exact=True)).to_be_focused()
    search.open_dossier("Lefèvre Élodie")
    expect(DossierPage(page).heading).to_have_text("Dossier Élodie Lefèvre")
    # the beginning of the first name finds her too, as the README promises
    search.open().type_name("elo")
    expect(search.count).to_have_text("1 dossier gevonden")
    expect(search.results).to_contain_text("Lefèvre Élodie")


def test_a_transfer_from_another_operator(page: Page, fresh_demo):
    start = sign_in(page, "stts2.demo")
    start.open("Transfer van een sociaal telefoontarief (van operator A naar operator B)")
    assert_accessible(page)
    page.get_by_label("Rijksregisternummer").fill("60.11.05-345.66")
    page.get_by_label("Lijnnummer (vast of mobiel)").fill("087 55 12 34")
    page.get_by_role("button", name="Tarief overnemen").click()
    dossier = DossierPage(page)
    expect(dossier.heading).to_have_text("Dossier Hans Müller")
    expect(messages(page)).to_contain_text('Er werd een taak "Ontbrekende gegevens invullen" aangemaakt.')
    expect(dossier.data).to_contain_text("Overgenomen van een andere operator")
    assert_accessible(page)


def test_the_household_rule_names_no_operator(page: Page, fresh_demo):
    start = sign_in(page, "stts1.demo")
    start.open("Aanvraag van een sociaal telefoontarief")
    form = RequestForm(page)
    form.fill(**{**MARIA, "national_number": "52.04.11-102.09"})
    form.submit()
    expect(form.alert).to_have_text(
        "Dossier bestaat al: dit gezin heeft al een sociaal telefoontarief bij een andere operator.")
    expect(form.field("customer_number")).to_have_value("BC-200001")
    # what to do instead: the transfer (still without naming the operator)
    expect(page.get_by_role("link", name="Het sociaal tarief naar uw operator transfereren")).to_be_visible()
    assert_accessible(page)


def test_the_request_form_in_french(page: Page, fresh_demo):
    sign_in(page, "julie.renard")
    page.get_by_role("main").get_by_role("link", name="Demande d'un tarif téléphonique social").click()
    form = RequestForm(page, "fr")
    form.fill(national_number="12.34.56")
    form.leave("national_number")
    expect(form.error_of("national_number")).to_contain_text("numéro de registre national")
    form.fill(national_number="38.07.04-567.63", category="65 ans ou plus", formula="Téléphonie fixe",
              customer_number="TS-1", line_number="081 22 44 66")
    assert_accessible(page)
    form.submit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier Louise Lambert")
    expect(messages(page)).to_contain_text(
        "La demande a été acceptée : le dossier est en attente d'activation.")


def test_the_request_form_in_german(page: Page, fresh_demo):
    sign_in(page, "stts1.demo")
    Portal(page).switch_language("de")
    page.get_by_role("main").get_by_role("link", name="Antrag auf einen sozialen Telefontarif").click()
    form = RequestForm(page, "de")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    form.fill(national_number="85.07.30-033.28", category="65 Jahre oder älter",
              formula="Festnetztelefonie", customer_number="BC-3", line_number="080 22 11 00")
    form.submit()
    expect(form.error_of("national_number")).to_have_text(
        "Die Identifizierung des Antragstellers ist nicht möglich.")
    expect(form.field("customer_number")).to_have_value("BC-3")
    assert_accessible(page)
