"""On paper: the access-request confirmation, the letter with the provisional credentials and a
dossier each print on one clean A4 page, in nl, fr and de.

Chromium (headless) makes the PDF as it prints, with the print style sheet; pypdf counts its pages
and reads its text: what must be on the page is there, the navigation and the buttons are not. The
PDFs are kept beside the screenshots (e2e/artifacts/paper/, or $E2E_ARTIFACTS/paper/)."""

import io
import re
import unicodedata

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from e2e.pages.backoffice import Queue
from e2e.pages.login import LoginPage
from e2e.pages.onboarding import AccessRequestWizard, Person
from e2e.pages.portal import Portal
from e2e.pages.stts import SearchPage
from e2e.pictures import save_picture
from e2e.test_screens import ARTIFACTS

PAPER = ARTIFACTS / "paper"
A4_POINTS = (595.3, 841.9)  # 210 x 297 mm (Chromium rounds up to whole points)

# per language: the enterprise, its address, and words of the page that must not be printed
CASES = {
    "nl": {"enterprise": "ORBIT TELECOM BV", "kbo": "0473.120.567",
           "address": ("Vaartkom 31", "3000", "Leuven"),
           "admin": Person("Peeters", "Sofie", "87.04.12-123.14", "employee", "sofie@orbit.example"),
           "signer": Person("Peeters", "Koen", "65.09.23-456.88", "manager", "koen@orbit.example"),
           "screen_only": ("Afdrukken", "Logout", "Zich aanmelden", "Hoe registreren"),
           "confirmation": ("Bevestiging van uw toegangsaanvraag", "Handtekening van de verantwoordelijke"),
           "letter": "Uw voorlopige gebruikersnaam en wachtwoord"},
    "fr": {"enterprise": "TELCO NORD SRL", "kbo": "0881.234.607",
           "address": ("Rue de Fer 25", "5000", "Namur"),
           "admin": Person("Dupont", "Claire", "87.04.12-123.14", "employee", "claire@nord.example"),
           "signer": Person("Dupont", "Paul", "65.09.23-456.88", "director", "paul@nord.example"),
           "screen_only": ("Imprimer", "Se déconnecter", "Se connecter", "Comment s'enregistrer"),
           "confirmation": ("Confirmation de votre demande d'accès", "Signature du responsable"),
           "letter": "Votre nom d'utilisateur et mot de passe provisoires"},
    "de": {"enterprise": "OSTLINK GMBH", "kbo": "0447.285.806",
           "address": ("Herbesthaler Straße 12", "4700", "Eupen"),
           "admin": Person("Schmitz", "Lukas", "87.04.12-123.14", "employee", "lukas@ostlink.example"),
           "signer": Person("Schmitz", "Anna", "65.09.23-456.88", "partner", "anna@ostlink.example"),
           "screen_only": ("Abmelden", "Anmelden", "Wie registrieren"),
           "confirmation": ("Bestätigung Ihres Zugangsantrags", "Unterschrift des Verantwortlichen"),
           "letter": "Ihr vorläufiger Benutzername und Ihr vorläufiges Passwort"},
}
# the STTS application's navigation and the dossier's buttons, in each language
DOSSIER_SCREEN_ONLY = {
    "nl": ("STTS-startpagina", "Dossiers opzoeken", "Wijzigen", "Stopzetten van de reductie", "Logout"),
    "fr": ("Accueil STTS", "Rechercher des dossiers", "Modifier", "Arrêt de la réduction", "Se déconnecter"),
    "de": ("STTS-Startseite", "Akten suchen", "Ändern", "Einstellung der Ermäßigung", "Abmelden"),
}
DOSSIER_WORDS = {
    "nl": ("Dossier Jean Dupont", "52.06.20-234.09", "Gegevens", "Historiek"),
    "fr": ("Dossier Jean Dupont", "52.06.20-234.09", "Données", "Historique"),
    "de": ("Akte Jean Dupont", "52.06.20-234.09", "Daten", "Verlauf"),
}


def printed(page: Page, name):
    """The page as Chromium prints it on A4: (number of pages, the text of the first page)."""
    pdf = page.pdf(format="A4", print_background=False)
    PAPER.mkdir(parents=True, exist_ok=True)
    (PAPER / f"{name}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - A4_POINTS[0]) < 1.5 and abs(float(box.height) - A4_POINTS[1]) < 1.5, box
    # NFKC: the PDF's ligatures (ﬁ) back into letters
    return len(reader.pages), " ".join(unicodedata.normalize("NFKC", reader.pages[0].extract_text()).split())


def controls_on_paper(page: Page, name):
    """The buttons, form fields and navigation the print style sheet leaves on the page; a picture
    of the page as printed (A4's width at 96 dpi) is kept beside its PDF."""
    viewport = page.viewport_size
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    try:
        PAPER.mkdir(parents=True, exist_ok=True)
        save_picture(page, PAPER / f"{name}.png")
        return page.evaluate("""[...document.querySelectorAll(
            'button, input, select, textarea, nav, form, a.button, [role=navigation]')]
            .filter(e => e.getClientRects().length).map(e => e.outerHTML.slice(0, 100))""")
    finally:
        page.emulate_media(media="null")  # back to none: the PDF prints as print
        page.set_viewport_size(viewport)


def assert_one_clean_page(page: Page, name, must_show, screen_only):
    controls = controls_on_paper(page, name)
    assert not controls, f"{name}: printed controls {controls}"
    pages, text = printed(page, name)
    assert pages == 1, f"{name}: {pages} A4 pages"
    for words in must_show:
        assert words in text, f"{name}: {words!r} is not on the paper:\n{text}"
    for words in screen_only:
        found = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text)
        assert not found, f"{name}: {words!r} is printed:\n{text}"


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_the_confirmation_and_the_letter_each_print_on_one_a4_page(page: Page, fresh_demo, language):
    case = CASES[language]
    page.goto("/")
    if language != "nl":
        Portal(page).switch_language(language)
    wizard = AccessRequestWizard(page, language).open_from_home()
    wizard.enterprise(case["enterprise"], kbo=case["kbo"], address=case["address"])
    wizard.local_admin(case["admin"])
    wizard.signer(case["signer"])
    ticket = wizard.register().ticket
    street, postcode, city = case["address"]
    admin, signer = case["admin"], case["signer"]
    assert_one_clean_page(page, f"confirmation-{language}",
                          (*case["confirmation"], ticket, case["enterprise"], street, f"{postcode} {city}",
                           f"{admin.first_name}", f"{signer.last_name} {signer.first_name}"),
                          case["screen_only"])

    # the officer works in Dutch; the letter speaks the language of the request
    page.goto("/login")
    Portal(page).switch_language("nl")
    LoginPage(page).open().sign_in("rsz.officer", "Demo-Officer-2026", portal="Backoffice Sociale Zekerheid")
    queue = Queue(page).open()
    queue.search(ticket)
    request = queue.open_request(ticket)
    request.record_original_received()
    letter = request.issue_credentials()
    username = letter.username
    assert_one_clean_page(page, f"letter-{language}",
                          (case["letter"], ticket, username, letter.password,
                           f"{admin.first_name} {admin.last_name}", case["enterprise"], street,
                           f"{postcode} {city}"),
                          ("Afdrukken", "Logout", "Terug naar aanvraag",
                           "Het wachtwoord wordt alleen nu getoond"))


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_a_dossier_prints_on_one_a4_page(page: Page, language):
    LoginPage(page).open().sign_in("stts3.demo", "Demo-Gebruiker-2026")
    if language != "nl":
        Portal(page).switch_language(language)
    SearchPage(page).open()
    page.locator("#results").get_by_role("link", name=re.compile("Dupont Jean")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jean Dupont")
    assert_one_clean_page(page, f"dossier-{language}",
                          (*DOSSIER_WORDS[language], "Jean Dupont"), DOSSIER_SCREEN_ONLY[language])
