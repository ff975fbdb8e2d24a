"""The frame around every page: header, language switcher, messages."""

import re

from playwright.sync_api import Page

# the landmarks' accessible names, in nl, fr and de
LANGUAGE_FORM = re.compile("^(Taal|Langue|Sprache)$")
ACCOUNT_NAVIGATION = re.compile("^(Account|Compte|Konto)$")
LOGOUT = re.compile("^(Logout|Se déconnecter|Abmelden)$")


class Portal:
    def __init__(self, page: Page):
        self.page = page

    def switch_language(self, code):
        """Click the language switcher's button for nl, fr or de."""
        self.page.get_by_role("form", name=LANGUAGE_FORM).get_by_role(
            "button", name=re.compile(f"^{code} – ")).click()

    def logout(self):
        self.page.get_by_role("button", name=LOGOUT).click()

    @property
    def account_bar(self):
        return self.page.get_by_role("navigation", name=ACCOUNT_NAVIGATION)

    @property
    def messages(self):
        """The page's live region for what just happened (a page may have other status lines)."""
        return self.page.locator("#messages")

    @property
    def heading(self):
        return self.page.get_by_role("heading", level=1)
