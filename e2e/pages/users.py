"""'Beheer van gebruikers' and 'Opzoeking van gebruikers', found by the manual's labels.

The labels default to Dutch; the fr and de passes give their own.
"""

import re

from playwright.sync_api import Page, expect

DUTCH = {
    "list": "/users/",
    "search": "/users/search",
    "add": "Nieuwe gebruiker toevoegen",
    "first_name": "Voornaam",
    "last_name": "Naam",
    "national_number": "Rijksregisternummer",
    "email": "E-mailadres",
    "language": "Taal",
    "username": "Gebruikersnaam",
    "repeat_username": "Herhaal de gebruikersnaam",
    "register": "Registreren",
    "block": "Blokkeren gebruiker",
    "unblock": "Deblokkeren gebruiker",
    "blocked": "Geblokkeerd",
    "new_password": "Nieuw wachtwoord",
    "change_profile": "Wijzigen profiel",
    "save": "Opslaan",
    "delete_user": "Verwijderen gebruiker",
    "delete": "Verwijderen",
    "name_search": "Naam of voornaam",
    "complementary": "Complementair zoeken",
    "back_to_list": "Terug naar Beheer van gebruikers",
}
FRENCH = {**DUTCH, "add": "Ajouter un nouvel utilisateur", "first_name": "Prénom", "last_name": "Nom",
          "national_number": "Numéro de registre national", "email": "Adresse e-mail", "language": "Langue",
          "username": "Nom d'utilisateur", "repeat_username": "Répétez le nom d'utilisateur",
          "register": "Enregistrer", "block": "Bloquer utilisateur", "unblock": "Débloquer utilisateur",
          "blocked": "Bloqué", "name_search": "Nom ou prénom", "complementary": "Recherche complémentaire"}
GERMAN = {**DUTCH, "add": "Neuen Benutzer hinzufügen", "block": "Benutzer sperren",
          "unblock": "Benutzer entsperren", "blocked": "Gesperrt", "name_search": "Name oder Vorname",
          "complementary": "Komplementäre Suche"}


class UserList:
    """The table of users (the list or the search results): one row per user."""

    def __init__(self, page: Page, labels=DUTCH):
        self.page = page
        self.labels = labels

    def open(self):
        self.page.goto(self.labels["list"])
        return self

    def row(self, name):
        return self.page.get_by_role("row", name=re.compile(re.escape(name)))

    @property
    def rows(self):
        return self.page.locator("table.users tbody tr")

    @property
    def count(self):
        return self.page.locator(".count")

    def toggle_block(self, name, action):
        """Click 'Blokkeren gebruiker' (or 'Deblokkeren gebruiker') in the user's row."""
        self.row(name).get_by_role("button", name=self.labels[action]).click()

    def follow(self, name, link):
        self.row(name).get_by_role("link", name=self.labels[link]).click()

    def add_user(self):
        self.page.get_by_role("link", name=self.labels["add"]).click()
        return NewUserForm(self.page, self.labels)


class NewUserForm:
    """'Nieuwe gebruiker toevoegen'."""

    def __init__(self, page: Page, labels=DUTCH):
        self.page = page
        self.labels = labels

    def register(self, first_name, last_name, national_number, email, username, applications=(),
                 profile=None, language=None, expect_password=True):
        """Fill in the form and click 'Registreren'; returns the one-time password shown."""
        labels, page = self.labels, self.page
        page.get_by_label(labels["first_name"], exact=True).fill(first_name)
        page.get_by_label(labels["last_name"], exact=True).fill(last_name)
        page.get_by_label(labels["national_number"]).fill(national_number)
        page.get_by_label(labels["email"]).fill(email)
        if language:
            page.get_by_label(labels["language"]).select_option(label=language)
        page.get_by_label(labels["username"], exact=True).fill(username)
        page.get_by_label(labels["repeat_username"]).fill(username)
        for application in applications:
            page.get_by_label(application).check()
        if profile:
            page.get_by_label(profile).check()
        page.get_by_role("button", name=labels["register"]).click()
        return OneTimePassword(page).value if expect_password else None


class OneTimePassword:
    """The page that shows a one-time password, once."""

    def __init__(self, page: Page):
        self.page = page

    @property
    def value(self):
        code = self.page.locator("code.one-time-password")
        expect(code).to_be_visible()
        return code.inner_text()


class SearchForm:
    """'Opzoeking van gebruikers': the live search."""

    def __init__(self, page: Page, labels=DUTCH):
        self.page = page
        self.labels = labels

    def open(self):
        self.page.goto(self.labels["search"])
        return self

    @property
    def name(self):
        return self.page.get_by_label(self.labels["name_search"])

    def type_name(self, text):
        """Type as a person does, key by key (the results follow, debounced)."""
        self.name.press_sequentially(text, delay=60)

    def complementary(self):
        self.page.get_by_label(self.labels["complementary"]).check()
