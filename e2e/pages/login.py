"""The login page: 'Onderneming', username, password, 'Login' (the manual's words)."""

from playwright.sync_api import Page


class LoginPage:
    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/login")
        return self

    def sign_in(self, username, password, portal="Onderneming"):
        self.page.get_by_label(portal).check()
        self.page.get_by_label("Gebruikersnaam").fill(username)
        self.page.get_by_label("Wachtwoord").fill(password)
        self.page.get_by_role("button", name="Login").click()

    @property
    def alert(self):
        return self.page.get_by_role("alert")
