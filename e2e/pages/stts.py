"""The STTS application's screens, found by role and label in the manual's Dutch (or as given)."""

import re

from playwright.sync_api import Page

from e2e.pages.login import LoginPage
from e2e.pages.portal import Portal

DEMO_PASSWORD = "Demo-Gebruiker-2026"


def sign_in(page: Page, username):
    """Sign in as a demo STTS user and open the STTS application from the welcome page."""
    LoginPage(page).open().sign_in(username, DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("link", name=re.compile(r"\(STTS\)$")).click()
    page.wait_for_url(re.compile("/stts/$"))
    return SttsStart(page)


def sign_out(page: Page):
    Portal(page).logout()


def messages(page: Page):
    """The page's message region (STTS lists have a status line of their own)."""
    return page.locator("#messages")


class SttsStart:
    def __init__(self, page: Page):
        self.page = page

    def function(self, name):
        """The link of one function of the profile, e.g. 'Opzoeken van een dossier'."""
        return self.page.get_by_role("main").get_by_role("link", name=name, exact=True)

    def open(self, name):
        self.function(name).click()


class RequestForm:
    """'Aanvraag van een sociaal telefoontarief': the name, address and language come from the
    National Register; the address fields sit in "Het adres verbeteren"."""

    LABELS = {
        "nl": ("Rijksregisternummer", "Straat en nummer", "Postcode", "Gemeente",
               "Reden van de adresverbetering", "Taal voor de briefwisseling", "Categorie", "Formule",
               "Klantnummer", "Lijnnummer (vast of mobiel)", "Aanvraag indienen", "Het adres verbeteren"),
        "fr": ("Numéro de registre national", "Rue et numéro", "Code postal", "Commune",
               "Motif de la correction de l'adresse", "Langue de correspondance", "Catégorie", "Formule",
               "Numéro de client", "Numéro de ligne (fixe ou mobile)", "Introduire la demande",
               "Corriger l'adresse"),
        "de": ("Nationalregisternummer", "Straße und Hausnummer", "Postleitzahl", "Gemeinde",
               "Grund der Adressberichtigung", "Korrespondenzsprache", "Kategorie", "Formel", "Kundennummer",
               "Rufnummer (Festnetz oder Mobil)", "Antrag einreichen", "Die Adresse berichtigen"),
    }
    FIELDS = ("national_number", "street", "postcode", "city", "address_reason", "language", "category",
              "formula", "customer_number", "line_number")
    ADDRESS = ("street", "postcode", "city", "address_reason")
    CHOICES = ("language", "category", "formula")

    def __init__(self, page: Page, language="nl"):
        self.page = page
        self.labels = dict(zip((*self.FIELDS, "submit", "correct"), self.LABELS[language], strict=True))

    def field(self, name):
        return self.page.get_by_label(self.labels[name], exact=True)

    def fill(self, **values):
        for name, value in values.items():
            if name in self.ADDRESS and not self.field(name).is_visible():
                self.page.get_by_text(self.labels["correct"], exact=True).click()
            if name in self.CHOICES:
                self.field(name).select_option(label=value)
            else:
                self.field(name).fill(value)

    def leave(self, name):
        """Tab out of a field, as a person moves on to the next one."""
        self.field(name).press("Tab")

    def error_of(self, name):
        return self.page.locator(f"#{name}-error")

    @property
    def identity(self):
        """What the National Register says of the number typed (read-only)."""
        return self.page.locator("#identity")

    def submit(self):
        self.page.get_by_role("button", name=self.labels["submit"]).click()

    @property
    def alert(self):
        return self.page.get_by_role("main").get_by_role("alert")


class DossierPage:
    def __init__(self, page: Page):
        self.page = page

    @property
    def heading(self):
        return self.page.get_by_role("heading", level=1)

    @property
    def data(self):
        return self.page.get_by_role("region", name="Gegevens")

    @property
    def history(self):
        return self.page.get_by_role("region", name="Historiek")

    def action(self, name):
        """A link of the dossier: 'Wijzigen', 'Wijziging: activering', 'Stopzetten van de reductie',
        'Stopzetten van het sociaal telefoontarief', 'Annulatie van een actie'."""
        return self.page.get_by_role("main").get_by_role("link", name=name, exact=True)

    @property
    def dossier_id(self):
        return int(re.search(r"/stts/dossiers/(\d+)", self.page.url).group(1))


class SearchPage:
    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/stts/dossiers")
        return self

    def type_name(self, text):
        self.page.get_by_label("Naam", exact=True).press_sequentially(text, delay=40)

    @property
    def count(self):
        return self.page.locator("#result-count")

    @property
    def results(self):
        return self.page.locator("#results tbody tr")

    def open_dossier(self, name):
        self.page.locator("#results").get_by_role("link", name=name).click()


class TasksPage:
    def __init__(self, page: Page):
        self.page = page

    def filter_type(self, label):
        self.page.get_by_label("Type", exact=True).select_option(label=label)

    @property
    def rows(self):
        return self.page.locator("#tasks tbody tr")

    def handle(self, dossier_name):
        name = re.compile(f"^Behandelen.*{dossier_name}")
        self.page.locator("#tasks").get_by_role("link", name=name).click()

    def mark_handled(self, comment):
        self.page.get_by_label("Commentaar").fill(comment)
        self.page.get_by_role("button", name="Markeren als behandeld").click()
