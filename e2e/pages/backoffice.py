"""The back office: the queue, one request, and the letter with the provisional credentials."""

import re

from playwright.sync_api import Page, expect


class Queue:
    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/backoffice/")
        expect(self.page.get_by_role("heading", level=1, name="Toegangsaanvragen")).to_be_visible()
        return self

    def search(self, text):
        self.page.get_by_label("Ticketnummer, ondernemingsnummer of RSZ-nummer").fill(text)
        self.page.get_by_role("button", name="Zoeken").click()

    def row(self, ticket):
        return self.page.get_by_role("row").filter(has=self.page.get_by_role("link", name=ticket))

    def open_request(self, ticket):
        self.page.get_by_role("link", name=ticket).click()
        return RequestPage(self.page)


class RequestPage:
    def __init__(self, page: Page):
        self.page = page

    def record_original_received(self):
        self.page.get_by_role("button", name="Origineel ondertekend formulier ontvangen").click()
        expect(self.page.get_by_role("status")).to_contain_text("als ontvangen geregistreerd")

    def issue_credentials(self):
        self.page.get_by_role("button", name="Voorlopige gebruikersnaam en wachtwoord aanmaken").click()
        return Letter(self.page)

    @property
    def history(self):
        return self.page.get_by_role("table").last


class Letter:
    def __init__(self, page: Page):
        self.page = page
        expect(page.locator("dl.credentials")).to_be_visible()

    def _value(self, label):
        term = self.page.locator("dl.credentials dt", has_text=re.compile(label, re.IGNORECASE))
        return term.locator("xpath=following-sibling::dd[1]").inner_text().strip()

    @property
    def username(self):
        return self._value("gebruikersnaam|nom d'utilisateur|Benutzername")

    @property
    def password(self):
        return self._value("wachtwoord|mot de passe|Passwort")
