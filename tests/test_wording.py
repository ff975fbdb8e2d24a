"""Headings that fit who reads them, and one rule for dashes in all three languages.

The dash rule: the en dash "–", with a space on both sides between words (a parenthetical, "Actief –
moet ..."), without spaces between numbers (a range, "1–25 van 32"); "–" alone for an empty value.
No em dash, no hyphen standing for a dash, never a space on one side only."""

import html
import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from flask import render_template_string
from flask_babel import force_locale

from db.accounts import Role
from tests.factories import make_access_request, make_account, make_enterprise
from tests.helpers import text

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("nl", "fr", "de")
HEADINGS = {
    "nl": ("De onderneming", "De lokale beheerder", "Uw onderneming", "Uw lokale beheerder"),
    "fr": ("L'entreprise", "Le gestionnaire local", "Votre entreprise", "Votre gestionnaire local"),
    "de": ("Das Unternehmen", "Der lokale Verwalter", "Ihr Unternehmen", "Ihr lokaler Verwalter"),
}
# a dash with a space on one side only, an em dash, a hyphen between spaces
LOPSIDED_DASH = re.compile(r"\S– | –(?=\S)|—| - ")


def headings(response):
    return [re.sub(r"<[^>]+>", "", heading).strip()
            for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", text(response), re.DOTALL)]


def visible(response):
    body = text(response).split("<body", 1)[1]
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_back_office_reads_the_enterprise_and_the_local_admin(client, auth, language):
    make_account(role=Role.OFFICER, username="rsz.officer", language=language)
    filed = make_access_request(language=language)
    auth.login("rsz.officer", portal="backoffice")
    shown = headings(client.get(f"/backoffice/requests/{filed.id}"))
    enterprise, admin, yours, your_admin = HEADINGS[language]
    assert enterprise in shown and admin in shown
    assert yours not in shown and your_admin not in shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_applicant_still_reads_your_enterprise(app, language):
    filed = make_access_request(language=language)
    with app.test_request_context(), force_locale(language):
        page = render_template_string(
            '{% from "onboarding/_request_data.html" import request_data with context %}'
            '{{ request_data(r) }}',
            r=filed)
    _enterprise, _admin, yours, your_admin = HEADINGS[language]
    assert f">{yours}</h2>" in html.unescape(page) and f">{your_admin}</h2>" in html.unescape(page)


def test_the_dash_check_sees_what_it_must_refuse():
    for wrong in ("Actief– moet", "Actief –moet", "a — b", "a - b"):
        assert LOPSIDED_DASH.search(wrong), wrong
    for right in ("Actief – moet", "1–25 van 32", "–", "85.07.30-033.28", "e-mail"):
        assert not LOPSIDED_DASH.search(right), right


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_follows_the_dash_rule(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.mo", "rb") as file:
        catalogue = read_mo(file)
    wrong = [string for message in catalogue if message.id
             for string in (message.string if isinstance(message.string, tuple | list) else (message.string,))
             if LOPSIDED_DASH.search(string)]
    assert wrong == []


def test_no_template_writes_an_em_dash():
    found = [f"{path.relative_to(ROOT)}:{number}" for folder in ("templates", "web", "blueprints", "domain")
             for path in (ROOT / folder).glob("**/*.*") if path.suffix in (".html", ".py")
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "—" in line]
    assert found == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_users_status_and_its_note_are_spaced_around_the_dash(client, auth, language):
    enterprise = make_enterprise(name="BUCOM NL")
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens", language=language)
    user = make_account(enterprise, username="koen.jansen", must_change_password=True)
    auth.login("els.janssens")
    page = visible(client.get(f"/users/{user.id}"))
    assert {"nl": "Actief – moet", "fr": "Actif – doit", "de": "Aktiv – muss"}[language] in page
    assert LOPSIDED_DASH.search(page) is None, LOPSIDED_DASH.search(page)
