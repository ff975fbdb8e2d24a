"""French typography (spaces before : ; ! ?, inside « », elision before a name), German quotes, and
no hard-coded colon after a label in the templates."""

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from flask_babel import force_locale, gettext, ngettext

from db.accounts import Role
from domain import typography
from domain.activity import ACTIONS
from tests.factories import make_account, make_enterprise
from tests.helpers import text

ROOT = Path(__file__).resolve().parent.parent


def compiled(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.mo", "rb") as file:
        return [message for message in read_mo(file) if message.id]


def strings(message):
    return message.string if isinstance(message.string, tuple | list) else (message.string,)


# a plain space (or none) before ; ! ? or :, where a word ends (14:05 and https:// are no punctuation)
PLAIN_BEFORE = re.compile(r"(?: |(?<=[\w%»)]))[;!?:](?=\s|$|[»)])|\u00a0[;!?]")
PLAIN_GUILLEMET = re.compile(r"« |«(?=\S)(?![\u00a0\u202f])| »|(?<=[^\s\u00a0\u202f])»")
STRAIGHT_QUOTES = re.compile(r'"[^"<>=]+"')
# a no-break space doubled, or beside a plain space
DOUBLED = re.compile(r"[\u00a0\u202f][\u00a0\u202f ]| [\u00a0\u202f]")


def test_the_checks_see_what_they_must_refuse():
    for wrong in ("Statut : actif", "Statut: actif", "Vraiment ?", "Oui!", "a ; b", "a\u00a0; b", "« x »",
                  "«x»"):
        assert PLAIN_BEFORE.search(wrong) or PLAIN_GUILLEMET.search(wrong), wrong
    for right in ("Statut\u00a0: actif", "Vraiment\u202f?", "«\u00a0x\u00a0»", "à 14:05", "https://x.be/?a=1"):
        assert not (PLAIN_BEFORE.search(right) or PLAIN_GUILLEMET.search(right)), right


CHECKS = (PLAIN_BEFORE, PLAIN_GUILLEMET, STRAIGHT_QUOTES, DOUBLED)


def test_the_french_spacing_is_done_once():
    for raw in ("« x »", "«x»", "Statut : x", "Quoi ?", "a ; b", "%(a)s: %(b)s"):
        once = typography.french_spaces(raw)
        assert typography.french_spaces(once) == once and not DOUBLED.search(once), raw


def test_every_french_string_has_its_spaces_before_punctuation_and_inside_guillemets():
    wrong = [string for message in compiled("fr") for string in strings(message)
             if any(check.search(string) for check in CHECKS)]
    assert wrong == []


def test_the_french_spaces_are_the_narrow_and_the_plain_no_break_space(app):
    with app.test_request_context(), force_locale("fr"):
        assert gettext("%(action)s: %(subject)s", action="A", subject="B") == "A\u00a0: B"


def test_german_quotes_are_low_high_when_quotes_are_used():
    wrong = [string for message in compiled("de") for string in strings(message)
             if STRAIGHT_QUOTES.search(string) or "«" in string or "”" in string]
    assert wrong == []


# -- elision ---------------------------------------------------------------------------------------

ELIDABLE = re.compile(r"\b(de|le|la|que) %\((\w+)\)s", re.IGNORECASE)
# placeholders that hold a number or a date: French does not elide before a digit
NUMERIC = {"num", "count", "total", "first", "last", "megabytes", "date", "time", "line", "number",
           "dossier", "sequence", "minutes", "days", "hours"}


def elision_cases():
    for message in compiled("fr"):
        for string in strings(message):
            for match in ELIDABLE.finditer(string):
                if match.group(2) not in NUMERIC:
                    yield message, match.group(2)


def test_the_catalogue_has_the_patterns_that_need_elision():
    names = {name for _message, name in elision_cases()}
    assert {"subject", "name", "enterprise"} <= names


def test_every_de_le_que_before_a_name_elides_before_a_vowel(app):
    wrong = []
    with app.test_request_context(), force_locale("fr"):
        for message, name in elision_cases():
            msgid = message.id
            singular = msgid[0] if isinstance(msgid, tuple | list) else msgid
            names = set(re.findall(r"%\((\w+)\)([sd])", singular))
            values = {key: 1 if kind == "d" else "Els Janssens" if key == name else "X"
                      for key, kind in names}
            if isinstance(msgid, tuple | list):
                values.pop("num", None)
                shown = ngettext(msgid[0], msgid[1], 2, **values)
            else:
                shown = gettext(msgid, **values)
            if re.search(r"\b(de|le|la|que) Els", shown, re.IGNORECASE) or "Els" not in shown:
                wrong.append(shown)
    assert wrong == []


@pytest.mark.parametrize(("name", "shown"), [("Els Janssens", "Langue d'Els Janssens modifiée"),
                                             ("Élodie Elewaut", "Langue d'Élodie Elewaut modifiée"),
                                             ("Hélène Martin", "Langue d'Hélène Martin modifiée"),
                                             ("Hans Müller", "Langue de Hans Müller modifiée"),
                                             ("Koen Jansen", "Langue de Koen Jansen modifiée")])
def test_a_phrase_the_domain_fills_itself_elides(app, name, shown):
    with app.test_request_context(), force_locale("fr"):
        assert typography.fill(ACTIONS["account.language_changed"].phrase, subject=name) == shown
    with app.test_request_context(), force_locale("nl"):
        assert typography.fill(ACTIONS["account.language_changed"].phrase, subject=name) == \
            f"Taal van {name} gewijzigd"


def test_a_template_string_elides_and_still_escapes(client, auth):
    enterprise = make_enterprise(name="ACME <TELECOM>")
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="marie.dubois", language="fr")
    auth.login("marie.dubois")
    page = text(client.get("/users/"))
    assert "Utilisateurs d'ACME <TELECOM>" in page
    assert "ACME <TELECOM>" not in client.get("/users/").get_data(as_text=True)
    assert "Entreprise\u00a0: " in page


# -- the templates put the language's colon after a label (the `colon` filter) ----------------------

HARD_COLON = re.compile(r"\}\} ?:(?=\s|<)")


def test_no_template_writes_a_colon_after_a_label_itself():
    found = [f"{path.relative_to(ROOT)}:{number}" for path in (ROOT / "templates").glob("**/*.html")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if HARD_COLON.search(line)]
    assert found == []
