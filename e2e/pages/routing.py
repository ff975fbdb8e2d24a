"""The Routing Module's 'Consulteren of wijzigen': a table with one line per application."""

from playwright.sync_api import Page


class RoutingPage:
    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/routing/settings")
        return self

    def row(self, application):
        return self.page.get_by_role("row").filter(has=self.page.get_by_role("rowheader", name=application))

    def change(self, application, destination, email=None):
        """'Wijzigen' on the application's line, choose the destination, 'Opslaan'."""
        self.page.get_by_role("link", name=f"Wijzigen – {application}").click()
        self.page.get_by_label(destination).check()
        if email is not None:
            self.page.get_by_label("E-mailadres", exact=True).fill(email)
        self.page.get_by_role("button", name="Opslaan").click()
