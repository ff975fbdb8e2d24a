"""The access request wizard, its confirmation, and 'Maak een lokale beheerder' (the manual's words).

Labels come in nl, fr and de; each step waits for the next step's heading, because htmx swaps
only the wizard's panel.
"""

import re
from dataclasses import dataclass

from playwright.sync_api import Page, expect

LABELS = {
    "nl": {
        "how": "Hoe registreren", "form": "Elektronisch formulier voor de toegangsaanvraag",
        "request": "Een toegangsaanvraag voor de beveiligde omgeving doen",
        "step": r"Stap \d van \d: {}", "enterprise": "Uw onderneming",
        "replace": "Uw huidige lokale beheerder",
        "admin": "Uw lokale beheerder", "signer": "De verantwoordelijke", "overview": "Overzicht",
        "rsz": "RSZ-identificatienummer", "kbo": "Ondernemingsnummer (KBO-nummer)",
        "name": "Naam van de onderneming", "street": "Straat en nummer", "postcode": "Postcode",
        "city": "Gemeente", "local_admin": "lokale beheerder",
        "last_name": "Naam", "first_name": "Voornaam", "national_number": "Rijksregisternummer",
        "email": "E-mailadres", "phone": "Telefoonnummer", "yes": "Ja", "no": "Nee",
        "next": "Volgende", "register": "Registreren", "change": "Wijzigen",
        "employee": "werknemer", "director": "bestuurder", "manager": "zaakvoerder", "partner": "vennoot",
        "ticket": "Ticketnummer", "create": "Maak een lokale beheerder", "username": "Gebruikersnaam",
        "repeat_username": "Herhaal de gebruikersnaam", "password": "Wachtwoord",
        "repeat_password": "Herhaal het wachtwoord",
    },
    "fr": {
        "how": "Comment s'enregistrer", "form": "Formulaire électronique pour la demande d'accès",
        "request": "Introduire une demande d'accès à l'environnement sécurisé",
        "step": r"Étape \d sur \d : {}", "enterprise": "Votre entreprise",
        "replace": "Votre gestionnaire local actuel", "admin": "Votre gestionnaire local",
        "signer": "Le responsable", "overview": "Aperçu",
        "rsz": "Numéro d'identification ONSS", "kbo": "Numéro d'entreprise (numéro BCE)",
        "name": "Nom de l'entreprise", "street": "Rue et numéro", "postcode": "Code postal",
        "city": "Commune", "local_admin": "gestionnaire local",
        "last_name": "Nom", "first_name": "Prénom", "national_number": "Numéro de registre national",
        "email": "Adresse e-mail", "phone": "Numéro de téléphone", "yes": "Oui", "no": "Non",
        "next": "Suivant", "register": "Enregistrer", "change": "Modifier",
        "employee": "travailleur", "director": "administrateur", "manager": "gérant", "partner": "associé",
        "ticket": "Numéro de ticket", "create": "Créer un gestionnaire local",
        "username": "Nom d'utilisateur", "repeat_username": "Répétez le nom d'utilisateur",
        "password": "Mot de passe", "repeat_password": "Répétez le mot de passe",
    },
    "de": {
        "how": "Wie registrieren", "form": "Elektronisches Formular für den Zugangsantrag",
        "request": "Einen Zugangsantrag für den gesicherten Bereich stellen",
        "step": r"Schritt \d von \d: {}", "enterprise": "Ihr Unternehmen",
        "replace": "Ihr aktueller lokaler Verwalter", "admin": "Ihr lokaler Verwalter",
        "signer": "Der Verantwortliche", "overview": "Übersicht",
        "rsz": "LSS-Kennnummer", "kbo": "Unternehmensnummer (ZDU-Nummer)",
        "name": "Name des Unternehmens", "street": "Straße und Hausnummer", "postcode": "Postleitzahl",
        "city": "Gemeinde", "local_admin": "lokaler Verwalter",
        "last_name": "Name", "first_name": "Vorname", "national_number": "Nationalregisternummer",
        "email": "E-Mail-Adresse", "phone": "Telefonnummer", "yes": "Ja", "no": "Nein",
        "next": "Weiter", "register": "Registrieren", "change": "Ändern",
        "employee": "Arbeitnehmer", "director": "Verwalter", "manager": "Geschäftsführer",
        "partner": "Gesellschafter", "ticket": "Ticketnummer", "create": "Einen lokalen Verwalter anlegen",
        "username": "Benutzername", "repeat_username": "Benutzernamen wiederholen", "password": "Passwort",
        "repeat_password": "Passwort wiederholen",
    },
}


@dataclass
class Person:
    last_name: str
    first_name: str
    national_number: str
    capacity: str
    email: str
    phone: str = ""


class AccessRequestWizard:
    def __init__(self, page: Page, language="nl"):
        self.page = page
        self.words = LABELS[language]

    def open_from_home(self):
        """As the manual says: 'Hoe registreren', 'Elektronisch formulier ...', 'Een toegangsaanvraag ...'."""
        self.page.goto("/")
        self.page.get_by_role("main").get_by_role("link", name=self.words["how"]).click()
        # the portal's left menu has the same links: the manual's steps are the page's own
        self.page.get_by_role("main").get_by_role("link", name=self.words["form"]).click()
        self.page.get_by_role("main").get_by_role("link", name=self.words["request"]).click()
        self.expect_step("enterprise")
        return self

    def step_heading(self, step):
        title = re.escape(self.words[step])
        return self.page.get_by_role("heading", level=2, name=re.compile(self.words["step"].format(title)))

    def expect_step(self, step):
        expect(self.step_heading(step)).to_be_visible()

    def label(self, key):
        return self.page.get_by_label(self.words[key], exact=True)

    def next(self):
        self.page.get_by_role("button", name=self.words["next"], exact=True).click()

    def enterprise(self, name, kbo="", rsz="", then="admin", address=("Vaartkom 31", "3000", "Leuven")):
        """Step 1: the numbers, the name and the postal address (street, postcode, municipality)."""
        self.label("rsz").fill(rsz)
        self.label("kbo").fill(kbo)
        self.label("name").fill(name)
        for key, value in zip(("street", "postcode", "city"), address, strict=True):
            self.label(key).fill(value)
        self.label("local_admin").check()
        self.next()
        if then:
            self.expect_step(then)

    def replace(self, yes):
        """'Wilt u uw huidige lokale beheerder vervangen?'"""
        self.label("yes" if yes else "no").check()
        self.next()
        if yes:
            self.expect_step("admin")

    def person(self, person: Person):
        self.label("last_name").fill(person.last_name)
        self.label("first_name").fill(person.first_name)
        self.label("national_number").fill(person.national_number)
        self.label(person.capacity).check()
        self.label("email").fill(person.email)
        self.label("phone").fill(person.phone)

    def local_admin(self, person: Person, then="signer"):
        self.person(person)
        self.next()
        if then:
            self.expect_step(then)

    def signer(self, person: Person, works_in_enterprise=True):
        self.person(person)
        # 'Is de verantwoordelijke werkzaam in uw onderneming?'
        self.label("yes" if works_in_enterprise else "no").check()
        self.next()
        self.expect_step("overview")

    def change(self, step):
        """'Wijzigen' next to one part of the overview."""
        self.page.get_by_role("button", name=f"{self.words['change']} – {self.words[step]}").click()
        self.expect_step(step)

    def register(self):
        self.page.get_by_role("button", name=self.words["register"], exact=True).click()
        expect(self.page).to_have_url(re.compile(r"/onboarding/request/STTS-"))
        return ConfirmationPage(self.page, self.words)

    @property
    def errors(self):
        return self.page.locator("#wizard .error")


class ConfirmationPage:
    def __init__(self, page: Page, words):
        self.page = page
        self.words = words

    @property
    def ticket(self):
        line = self.page.locator("p.ticket strong")
        expect(line).to_have_text(re.compile(r"^STTS-[A-Z2-9]{4}-[A-Z2-9]{4}$"))
        return line.inner_text()


class CreateLocalAdmin:
    """After the first login with provisional credentials: 'Maak een lokale beheerder'."""

    def __init__(self, page: Page, language="nl"):
        self.page = page
        self.words = LABELS[language]

    def select(self):
        self.page.get_by_role("link", name=self.words["create"]).click()
        expect(self.page.get_by_role("heading", level=1, name=self.words["create"])).to_be_visible()
        return self

    def register(self, username, password):
        self.page.get_by_label(self.words["username"], exact=True).fill(username)
        self.page.get_by_label(self.words["repeat_username"], exact=True).fill(username)
        self.page.get_by_label(self.words["password"], exact=True).fill(password)
        self.page.get_by_label(self.words["repeat_password"], exact=True).fill(password)
        self.page.get_by_role("button", name=self.words["register"], exact=True).click()
