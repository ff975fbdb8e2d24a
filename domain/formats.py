"""The one way people read a date, a moment and a number, in the page's language (through Babel).

A date: Babel's 'long' date ("1 december 2026", "1 décembre 2026", "1. Dezember 2026").
A moment (date and time): that date and the 24-hour time, joined the language's own way
("1 december 2026, 14:05"); the time alone is "14:05". Moments are stored as naive UTC and shown in
Europe/Brussels. A number: Babel's decimal format ("1.000", fr "1 000"
with a narrow no-break space).

The templates use these as the filters `date`, `datetime`, `time` and `number` (web.templating),
messages interpolate them; nothing else formats a date for people (tests/test_formats.py scans for
strftime and hand-made patterns). A CSV export is for machines: it writes `iso_moment` instead.
"""

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import dates, numbers
from flask_babel import get_locale

from domain.languages import DEFAULT_LANGUAGE

DATE = "long"
TIME = "HH:mm"
# how a date and a time are joined: "{1}, {0}" in nl, fr and de
JOIN = "medium"
# the people's time zone (app.py's BABEL_DEFAULT_TIMEZONE); outside a request the default language
BRUSSELS = ZoneInfo("Europe/Brussels")


def day(value):
    """A date (or the Brussels date of a moment) as people read it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return dates.format_date(value, DATE, locale=_locale())


def moment(value):
    """A moment: its Brussels date and time."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return day(value)
    local = _local(value)
    joined = dates.get_datetime_format(JOIN, locale=_locale())
    return joined.replace("{1}", day(local.date())).replace("{0}", time_of_day(local))


def time_of_day(value):
    """The Brussels time of a moment: '14:05'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return dates.format_time(value, TIME, locale=_locale())


def number(value):
    """A number with the language's grouping and decimal marks."""
    locale = _locale()
    if type(value) is int and value >= 0:
        # what Babel writes for a count in nl, fr and de (groups of three, the language's mark),
        # without parsing its pattern again for each of a page's numbers (tests/test_formats.py)
        return f"{value:,}".replace(",", _group_mark(locale))
    return numbers.format_decimal(value, locale=locale)


@cache
def _group_mark(locale):
    return numbers.get_group_symbol(locale)


def iso_moment(value):
    """A moment for machines (CSV): ISO 8601 in Brussels time, to the second ('2026-12-01 14:05:09')."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _local(value).replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _locale():
    return get_locale() or DEFAULT_LANGUAGE


def _local(value):
    """A stored moment (naive UTC) in the page's time zone."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return aware.astimezone(BRUSSELS)
