"""The STTS application in a real browser: the three profiles at work, in the manual's Dutch, and the
request form in French and German."""

import re

from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.portal import Portal
from e2e.pages.stts import DossierPage, RequestForm, SearchPage, TasksPage, messages, sign_in, sign_out

MARIA = {
    "national_number": "40.01.15-123.80", "last_name": "Peeters", "first_name": "Maria", "street": "Meir 1",
    "postcode": "2000", "city": "Antwerpen", "language": "Nederlands", "category": "65 jaar of ouder",
    "formula": "Vaste telefonie", "customer_number": "BC-200001", "line_number": "03 201 23 45",
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
    assert_accessible(page)
    dossier.action("Activeren").click()
    assert_accessible(page)
    page.get_by_role("button", name="Activeren").click()
    expect(messages(page)).to_contain_text("Het dossier is actief.")
    assert_accessible(page)
    # ... and cannot stop it: no button, and the address itself answers 403
    expect(dossier.action("Stopzetten")).to_have_count(0)
    dossier_id = dossier.dossier_id
    response = page.goto(f"/stts/dossiers/{dossier_id}/stop")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("U hebt geen toegang tot deze pagina.")
    sign_out(page)

    # STTS 2: the administrative profile stops it
    sign_in(page, "stts2.demo")
    page.goto(f"/stts/dossiers/{dossier_id}")
    dossier.action("Stopzetten").click()
    assert_accessible(page)
    page.get_by_label("Reden", exact=True).select_option(label="Verhuis")
    page.get_by_role("button", name="Stopzetten").click()
    expect(messages(page)).to_contain_text("Het sociaal telefoontarief werd stopgezet.")
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
    expect(dossier.history).to_contain_text("Stopzetting")
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


def test_stts3_fills_in_missing_data_and_closes_the_task(page: Page, fresh_demo):
    sign_in(page, "stts3.demo")
    SearchPage(page).open().open_dossier("Lemaire Marc")
    dossier = DossierPage(page)
    expect(page.get_by_role("region", name="Open taken")).to_contain_text("Ontbrekende gegevens invullen")
    dossier.action("Wijzigen").click()
    assert_accessible(page)
    page.get_by_label("Klantnummer").fill("bc-100999")
    page.get_by_role("button", name="Opslaan").click()
    expect(messages(page)).to_contain_text("Het dossier werd opgeslagen.")
    expect(dossier.history).to_contain_text("Klantnummer: – → BC-100999")
    page.get_by_role("region", name="Open taken").get_by_role("link").click()
    TasksPage(page).mark_handled("Klantnummer BC-100999 aangevuld")
    expect(messages(page)).to_contain_text("De taak werd als behandeld gemarkeerd.")


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
    form.fill(**{**MARIA, "national_number": "52.04.11-102.09", "last_name": "Müller", "first_name": "Anna"})
    form.submit()
    expect(form.alert).to_have_text(
        "Dossier bestaat al: dit gezin heeft al een sociaal telefoontarief bij een andere operator.")
    expect(form.field("last_name")).to_have_value("Müller")
    assert_accessible(page)


def test_the_request_form_in_french(page: Page, fresh_demo):
    sign_in(page, "julie.renard")
    page.get_by_role("main").get_by_role("link", name="Demande d'un tarif téléphonique social").click()
    form = RequestForm(page, "fr")
    form.fill(national_number="12.34.56")
    form.leave("national_number")
    expect(form.error_of("national_number")).to_contain_text("numéro de registre national")
    form.fill(national_number="38.07.04-567.63", last_name="Lambert", first_name="Louise",
              street="Rue de Fer 2", postcode="5000", city="Namur", language="Français",
              category="65 ans ou plus", formula="Téléphonie fixe", customer_number="TS-1",
              line_number="081 22 44 66")
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
    form.fill(national_number="85.07.30-033.28", last_name="Schmitz", first_name="Karl",
              street="Hauptstraße 1", postcode="4780", city="Sankt Vith", language="Deutsch",
              category="65 Jahre oder älter", formula="Festnetztelefonie", customer_number="BC-3",
              line_number="080 22 11 00")
    form.submit()
    expect(form.error_of("national_number")).to_have_text(
        "Die Identifizierung des Antragstellers ist nicht möglich.")
    expect(form.field("street")).to_have_value("Hauptstraße 1")
    assert_accessible(page)
