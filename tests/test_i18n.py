"""Three languages: the account's preference, else the switcher, else the browser."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from db.accounts import Account
from db.audit import AuditEvent
from tests.factories import make_account, make_enterprise
from tests.helpers import text

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("nl", "fr", "de")
# the same folders and methods as `make translations` (Makefile I18N_SOURCES, babel.cfg)
SOURCE_FOLDERS = ("blueprints", "db", "domain", "web", "templates")
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2)}


def test_the_default_language_is_dutch(client):
    assert '<html lang="nl">' in client.get("/").text


@pytest.mark.parametrize(
    ("accept", "lang", "text"),
    [("fr-BE,fr;q=0.9", "fr", "Services en ligne de la Sécurité sociale"),
     ("de-BE", "de", "Online-Dienste der Sozialen Sicherheit"),
     ("en-GB,en;q=0.9", "nl", "Online diensten voor de Sociale Zekerheid")],
)
def test_the_browser_language_is_used_when_nothing_was_chosen(client, accept, lang, text):
    page = client.get("/", headers={"Accept-Language": accept}).text
    assert f'<html lang="{lang}">' in page
    assert text in page


def test_the_switcher_choice_beats_the_browser(client):
    response = client.post("/language", data={"lang": "de", "next": "/login"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    assert '<html lang="de">' in client.get("/", headers={"Accept-Language": "fr"}).text


def test_the_signed_in_accounts_preference_beats_everything(client, auth):
    make_account(make_enterprise(), username="marie.dubois", language="fr")
    auth.login("marie.dubois")
    page = client.get("/welcome/", headers={"Accept-Language": "de"}).text
    assert "Bienvenue" in page


def test_switching_while_signed_in_keeps_the_preference_and_audits_it(client, auth):
    account = make_account(make_enterprise(), username="els.janssens", language="nl")
    auth.login("els.janssens")
    client.post("/language", data={"lang": "fr", "next": "/welcome/"})
    assert Account.get_by_id(account.id).language == "fr"
    event = AuditEvent.about("account", account.id).get()
    assert (event.action, event.change_dict) == ("account.language_changed", {"language": ["nl", "fr"]})
    assert "Entreprise" in client.get("/welcome/").text


def test_an_unknown_language_code_is_refused_in_the_users_language(client):
    response = client.post("/language", data={"lang": "en"}, headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    assert "Cette langue n'est pas disponible." in text(response)


def test_the_switcher_never_redirects_off_site(client):
    response = client.post("/language", data={"lang": "fr", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_every_page_shows_the_switcher(client):
    page = client.get("/login").text
    for code in LANGUAGES:
        assert f'name="lang" value="{code}"' in page


def used_message_ids():
    """Every message the code and templates ask to translate."""
    found = set()
    for folder in SOURCE_FOLDERS:
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, METHODS, keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalogue = read_po(file, locale=language)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and "fuzzy" not in m.flags and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    missing = sorted(used_message_ids() - translated)
    assert not missing, f"{language} misses {len(missing)} translations; run `make translations`: {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalogue = read_po(file, locale=language)
    problems = [(message.id, errors) for message, errors in catalogue.check() if errors]
    assert not problems
