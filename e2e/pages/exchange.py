"""'Uitwisseling via gestructureerde berichten': 'Registratie van de nodige informatie'."""

from playwright.sync_api import Page


class ExchangePage:
    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/exchange/")
        return self

    def register(self, sender, authentication, applications):
        """Choose the technical sender, the authentication and the applications; 'Registreren'."""
        self.page.get_by_role("combobox", name="Technische afzender").select_option(label=sender)
        self.page.get_by_label(authentication).check()
        for application in applications:
            self.page.get_by_label(application, exact=True).check()
        self.page.get_by_role("button", name="Registreren").click()
