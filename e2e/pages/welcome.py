"""The local admin's welcome page and a user's start page: the manual's sections and links."""

from playwright.sync_api import Page

from db.catalogue import APPLICATIONS

# every link of the local admin's welcome page and the heading of the page it opens, per language
ADMIN_LINKS = {
    "nl": [
        ("Wijzig wachtwoord", "Wijzig wachtwoord"),
        ("Consulteren of wijzigen van overige gegevens", "Consulteren of wijzigen van overige gegevens"),
        ("Beheer van certificaat voor gebruik op het portaal van de Sociale Zekerheid",
         "Beheer van certificaat"),
        ("Beheer van gebruikers", "Beheer van gebruikers"),
        ("Opzoeking van gebruikers", "Opzoeking van gebruikers"),
        ("Algemene inlichtingen", "Routing Module: algemene inlichtingen"),
        ("Consulteren of wijzigen", "Routing Module: consulteren of wijzigen"),
        ("Registratie van de nodige informatie", "Uitwisseling via gestructureerde berichten"),
        ("Geschiedenis van de gestructureerde berichten", "Geschiedenis van de gestructureerde berichten"),
    ],
    "fr": [
        ("Modifier le mot de passe", "Modifier le mot de passe"),
        ("Consulter ou modifier d'autres données", "Consulter ou modifier d'autres données"),
        ("Gestion du certificat pour l'utilisation sur le portail de la Sécurité sociale",
         "Gestion du certificat"),
        ("Gestion des utilisateurs", "Gestion des utilisateurs"),
        ("Recherche d'utilisateurs", "Recherche d'utilisateurs"),
        ("Informations générales", "Module de routage : informations générales"),
        ("Consulter ou modifier", "Module de routage : consulter ou modifier"),
        ("Enregistrement des informations nécessaires", "Échange via des messages structurés"),
        ("Historique des messages structurés", "Historique des messages structurés"),
    ],
    "de": [
        ("Passwort ändern", "Passwort ändern"),
        ("Sonstige Daten einsehen oder ändern", "Sonstige Daten einsehen oder ändern"),
        ("Verwaltung des Zertifikats für die Nutzung im Portal der Sozialen Sicherheit",
         "Verwaltung des Zertifikats"),
        ("Verwaltung der Benutzer", "Verwaltung der Benutzer"),
        ("Suche nach Benutzern", "Suche nach Benutzern"),
        ("Allgemeine Informationen", "Routing-Modul: allgemeine Informationen"),
        ("Einsehen oder ändern", "Routing-Modul: einsehen oder ändern"),
        ("Registrierung der erforderlichen Informationen", "Austausch über strukturierte Nachrichten"),
        ("Verlauf der strukturierten Nachrichten", "Verlauf der strukturierten Nachrichten"),
    ],
}
# the section headings of the welcome page, per language
ADMIN_SECTIONS = {
    "nl": ["Beheer eigen gegevens", "Gebruikers", "Routing Module",
           "Uitwisseling via gestructureerde berichten"],
    "fr": ["Gestion de vos propres données", "Utilisateurs", "Module de routage",
           "Échange via des messages structurés"],
    "de": ["Verwaltung der eigenen Daten", "Benutzer", "Routing-Modul",
           "Austausch über strukturierte Nachrichten"],
}


def application_links(language):
    """(link text, heading) of every secured application: the page about it bears its name."""
    return [(fields[f"name_{language}"], fields[f"name_{language}"]) for fields in APPLICATIONS]


def admin_links(language):
    """Every link of the local admin's welcome page in `language`, with the heading it leads to."""
    return ADMIN_LINKS[language] + application_links(language)


class WelcomePage:
    def __init__(self, page: Page):
        self.page = page

    def open(self):
        self.page.goto("/welcome/")
        return self

    def link(self, name):
        return self.page.get_by_role("main").get_by_role("link", name=name, exact=True)

    def section(self, name):
        return self.page.get_by_role("heading", name=name, exact=True)

    def follow(self, name):
        """Click a link of the page; the answer of the page it opens."""
        with self.page.expect_navigation() as navigation:
            self.link(name).click()
        return navigation.value

    @property
    def recent_changes(self):
        """The table of the enterprise's last changes."""
        return self.page.get_by_role("table")
