"""Structured messages in a real browser: an STTS 3 user uploads a file and reads its
acknowledgement, then finds it in the history."""

from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.accessibility import assert_accessible
from e2e.pages.exchange import HistoryPage, UploadPage
from e2e.pages.login import LoginPage
from e2e.pages.portal import Portal
from tests.channel_data import message, request_record


class _Operator:
    kbo_number = "0566988259"  # BUCOM NL of the demo data


def test_uploading_a_file_and_reading_its_acknowledgement_in_the_history(page: Page, fresh_demo, tmp_path):
    # Maria Peeters and Louise Lambert are in the demo register; the second number is not a number
    path = tmp_path / "bucom-batch.xml"
    path.write_bytes(message(_Operator, [
        request_record(1, "40011512380"),
        request_record(2, "40011512381"),
        # the address is the register's (another one would need its addressReason)
        request_record(3, "38070456763", lastName="Lambert", firstName="Louise", language="fr",
                       street="Rue de Bruxelles 61", postcode="5000", city="Namur"),
    ], message_id="bucom-e2e-0001"))
    LoginPage(page).open().sign_in("stts3.demo", "Demo-Gebruiker-2026")
    upload = UploadPage(page).open()
    assert_accessible(page)
    upload.send(path)

    portal = Portal(page)
    expect(portal.heading).to_have_text("Gestructureerd bericht bucom-e2e-0001")
    expect(portal.messages).to_contain_text(
        "Het bericht bucom-e2e-0001 werd verwerkt: 2 records aanvaard, 1 geweigerd.")
    history = HistoryPage(page)
    records = history.records()
    expect(records.get_by_role("row")).to_have_count(4)
    expect(records.get_by_role("row").nth(2)).to_contain_text("INVALID_NATIONAL_NUMBER")
    expect(records.get_by_role("row").nth(2)).to_contain_text("Dit is geen geldig rijksregisternummer")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Het ontvangstbewijs downloaden").click()
    assert b"<acknowledgement" in Path(download.value.path()).read_bytes()

    history.open()
    history.search("bucom-e2e")
    row = history.row("bucom-e2e-0001")
    expect(row).to_contain_text("Bram Wouters (stts3.demo)")
    expect(row).to_contain_text("opgeladen via het web")
    assert_accessible(page)


def test_a_file_that_is_not_a_message_is_refused_next_to_the_field(page: Page, fresh_demo, tmp_path):
    path = tmp_path / "not-a-message.xml"
    path.write_text("<?xml version='1.0'?><hello/>")
    LoginPage(page).open().sign_in("stts3.demo", "Demo-Gebruiker-2026")
    UploadPage(page).open().send(path)
    field = page.get_by_label("XML-bestand")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Het hoofdelement moet 'message' zijn")).to_be_visible()
    assert_accessible(page)
