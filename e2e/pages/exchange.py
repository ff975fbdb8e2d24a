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


class UploadPage:
    """'Een bestand met gestructureerde berichten versturen'."""

    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/exchange/upload")
        return self

    def send(self, path):
        """Choose the XML file and 'Versturen'."""
        self.page.get_by_label("XML-bestand").set_input_files(path)
        self.page.get_by_role("button", name="Versturen").click()


class HistoryPage:
    """'Geschiedenis van de gestructureerde berichten' and one message's page."""

    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/exchange/history")
        return self

    def search(self, message_id):
        self.page.get_by_label("Bericht-id").fill(message_id)

    def row(self, message_id):
        return self.page.get_by_role("row").filter(has_text=message_id)

    def records(self):
        return self.page.get_by_role("table", name="Ontvangstbewijs van de records")
