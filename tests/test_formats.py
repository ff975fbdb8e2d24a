"""One date format and one date-time format per language, through Babel (domain.formats), and no
other way of writing a date for people anywhere in the templates, web/, blueprints/ or domain/."""

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale

from db import clock as db_clock
from db.accounts import Role
from domain import formats
from tests.factories import make_access_request, make_account, make_enterprise
from tests.helpers import text

ROOT = Path(__file__).resolve().parent.parent
# 13:05 UTC is 14:05 in Brussels (winter time)
MOMENT = datetime(2026, 12, 1, 13, 5)
DAY = {"nl": "1 december 2026", "fr": "1 décembre 2026", "de": "1. Dezember 2026"}
MOMENT_SHOWN = {language: f"{shown}, 14:05" for language, shown in DAY.items()}
THOUSAND = {"nl": "1.000", "fr": "1\u202f000", "de": "1.000"}

# a date written any other way: 01-12-2026, 01.12.26, 1/12/2026, 2026-12-01, "1 dec 2026", "Dez. 2026"
OTHER_DATE = re.compile(
    r"(?<![\d.])\d{1,2}[-/.]\d{1,2}[-/.](\d{4}|\d{2})(?![\d.-])"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    r"|\b(dec|déc|dez)\.? 2026", re.IGNORECASE)

# what formats a date or a time for people other than domain.formats, in code and in templates
FORBIDDEN = re.compile(
    r"strftime|dateformat|datetimeformat|timeformat|\bformat_date\b|\bformat_datetime\b|\bformat_time\b"
    r"|%d[-/.]%m|%m[-/.]%d|%H:%M|\bdd[-/.]MM|\bMM[-/.]dd|yyyy-MM|\bHH:mm\b")
# (file, what), each with its reason: parsing what people type, or the e-mail header's RFC 5322 date
ALLOWED = {
    "domain/formats.py": None,  # the one place (None: anything)
    "domain/mail.py": {"format_datetime"},  # email.utils: the Date header, a machine format
    "blueprints/history/forms.py": {"%d/%m", "%m-%d"},  # the dates a filter accepts as typed, not shown
    "web/templating.py": {"dateformat", "datetimeformat", "timeformat"},  # where Flask-Babel's go away
}


def sources():
    for folder, pattern in (("templates", "**/*.html"), ("templates", "**/*.txt"), ("web", "**/*.py"),
                            ("blueprints", "**/*.py"), ("domain", "**/*.py")):
        yield from (ROOT / folder).glob(pattern)


def test_nothing_but_domain_formats_writes_a_date_for_people():
    found = []
    for path in sources():
        name = path.relative_to(ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in FORBIDDEN.finditer(line):
                allowed = ALLOWED.get(name, set())
                if allowed is not None and match.group() not in allowed:
                    found.append(f"{name}:{number}: {line.strip()}")
    assert found == []


def test_the_scan_sees_what_it_must_refuse():
    for line in ('{{ x|dateformat("short") }}', "x.strftime('%d/%m/%Y')", 'format_datetime(at, "short")',
                 "{{ x|datetimeformat }}", 'format_time(t, "HH:mm")'):
        assert FORBIDDEN.search(line), line


def test_the_other_date_pattern_sees_the_four_old_ways():
    for old in ("01-12-2026", "1 dec 2026", "01.12.26", "1/12/2026", "2026-12-01", "1 déc. 2026"):
        assert OTHER_DATE.search(old), old
    for fine in (*DAY.values(), "85.07.30-033.28", "0566.988.259", "087 55 12 34", "14:05"):
        assert not OTHER_DATE.search(fine), fine


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_one_date_one_moment_one_number_per_language(app, language):
    with app.test_request_context(), force_locale(language):
        assert formats.day(date(2026, 12, 1)) == DAY[language]
        assert formats.day(MOMENT) == DAY[language]
        assert formats.moment(MOMENT) == MOMENT_SHOWN[language]
        assert formats.time_of_day(MOMENT) == "14:05"
        assert formats.number(1000) == THOUSAND[language]
        # summer time: 13:05 UTC is 15:05 in Brussels
        assert formats.time_of_day(datetime(2026, 7, 1, 13, 5)) == "15:05"


def test_a_domain_rule_outside_a_request_speaks_the_default_language():
    assert formats.moment(MOMENT) == MOMENT_SHOWN["nl"]


def test_the_csv_export_keeps_iso_a_machine_format(app):
    with app.test_request_context(), force_locale("fr"):
        assert formats.iso_moment(MOMENT) == "2026-12-01 14:05:00"


@pytest.fixture
def at_the_moment():
    db_clock.freeze(MOMENT)
    yield MOMENT
    db_clock.freeze(None)


def visible(response):
    """The page's text without its tags (a hidden input or a link may carry an ISO date)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(response)))


def assert_one_way(page, language, expected):
    assert expected in page
    assert OTHER_DATE.search(page) is None, OTHER_DATE.search(page).group()
    other = [shown for code, shown in DAY.items() if code != language and shown not in DAY[language]]
    assert not any(shown in page for shown in other)


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_the_local_admins_pages_write_dates_one_way(client, auth, at_the_moment, language):
    enterprise = make_enterprise(name="BUCOM NL")
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens", language=language)
    user = make_account(enterprise, username="koen.jansen", first_name="Koen", last_name="Jansen",
                        language=language)
    auth.login("koen.jansen")
    auth.logout()
    auth.login("els.janssens")
    client.post(f"/users/{user.id}/block", data={})
    for path in ("/welcome/", f"/users/{user.id}", "/history/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_one_way(visible(response), language, MOMENT_SHOWN[language])


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_the_back_office_writes_dates_one_way(client, auth, at_the_moment, language):
    make_account(role=Role.OFFICER, username="rsz.officer", language=language)
    filed = make_access_request()
    auth.login("rsz.officer", portal="backoffice")
    queue = visible(client.get("/backoffice/"))
    assert_one_way(queue, language, DAY[language])
    detail = visible(client.get(f"/backoffice/requests/{filed.id}"))
    assert_one_way(detail, language, MOMENT_SHOWN[language])


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_a_large_count_in_a_message_is_grouped_the_languages_way(app, language):
    from flask import render_template_string
    from flask_babel import ngettext

    with app.test_request_context(), force_locale(language):
        found = ngettext("%(num)d user found.", "%(num)d users found.", 12345)
        assert found.startswith({"nl": "12.345 ", "fr": "12\u202f345 ", "de": "12.345 "}[language])
        assert ngettext("%(num)d user found.", "%(num)d users found.", 12).startswith("12 ")
        shown = render_template_string('{{ ngettext("%(num)d user found.", "%(num)d users found.", 1000) }}')
        assert shown.startswith(THOUSAND[language] + " ")


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_a_count_is_written_as_babel_writes_it(app, language):
    """formats.number writes a count without Babel's pattern (a page has many): the same text."""
    from babel import numbers
    with app.test_request_context(), force_locale(language):
        for value in (0, 7, 999, 1000, 25_000, 1_000_000, 123_456_789, -1500, 2.5):
            assert formats.number(value) == numbers.format_decimal(value, locale=language), value
