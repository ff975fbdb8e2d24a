"""'Beheer eigen gegevens': other data (e-mail addresses, language) and the certificate."""

import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from playwright.sync_api import Page


class OwnDataPage:
    """'Consulteren of wijzigen van overige gegevens'."""

    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/account/details")
        return self

    def choose_language(self, label, language):
        """Pick `language` ('Français') in the field called `label` ('Taal') in the page's language."""
        self.page.get_by_role("combobox", name=label).select_option(label=language)

    def save(self, label="Opslaan"):
        self.page.get_by_role("button", name=label).click()


class CertificatePage:
    """'Beheer van certificaat'."""

    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/account/certificate")
        return self

    def upload(self, path, button, signed_with=None):
        """Choose the file, and -- with `signed_with` (a private key) -- the signature of the page's
        challenge as `openssl dgst -sha256 -sign` makes it; then click 'Registreren' or 'Vervangen'."""
        self.page.get_by_label("Certificaatbestand (PEM of DER)").set_input_files(path)
        if signed_with is not None:
            challenge = re.search(r"stts-certificate-challenge:[A-Za-z0-9_-]+", self.page.content()).group(0)
            self.page.get_by_label("Handtekening van de uitdaging (signature.bin)").set_input_files({
                "name": "signature.bin", "mimeType": "application/octet-stream",
                "buffer": signed_with.sign(challenge.encode(), padding.PKCS1v15(), hashes.SHA256())})
        self.page.get_by_role("button", name=button, exact=True).click()

    @property
    def file_field(self):
        return self.page.get_by_label("Certificaatbestand (PEM of DER)")

    @property
    def panel(self):
        return self.page.locator("#certificate")

    def revoke(self):
        """Follow 'Certificaat intrekken', then confirm with 'Intrekken'."""
        self.page.get_by_role("link", name="Certificaat intrekken").click()
        self.page.get_by_role("button", name="Intrekken").click()


class OpenSessions:
    """The own-data page's list of open sessions and 'Afmelden op alle andere toestellen'."""

    def __init__(self, page: Page):
        self.page = page

    @property
    def table(self):
        return self.page.get_by_role("region", name="Open sessies").get_by_role("table")

    @property
    def rows(self):
        return self.table.get_by_role("row")

    def sign_out_elsewhere(self):
        self.page.get_by_role("link", name="Afmelden op alle andere toestellen").click()
        self.page.get_by_role("button", name="Afmelden op alle andere toestellen").click()
