"""Working days: Monday to Friday, except Belgian public holidays.

The back office promises provisional credentials within 5 working days; ages in its queue are
counted in working days, on the calendar of Brussels.
"""

from datetime import UTC, date, timedelta
from functools import cache
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def easter_sunday(year):
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def belgian_public_holidays(year):
    """The ten legal public holidays of Belgium in `year`."""
    easter = easter_sunday(year)
    return frozenset({
        date(year, 1, 1),  # Nieuwjaar
        easter + timedelta(days=1),  # Paasmaandag
        date(year, 5, 1),  # Dag van de Arbeid
        easter + timedelta(days=39),  # O.L.H. Hemelvaart
        easter + timedelta(days=50),  # Pinkstermaandag
        date(year, 7, 21),  # Nationale feestdag
        date(year, 8, 15),  # O.L.V. Hemelvaart
        date(year, 11, 1),  # Allerheiligen
        date(year, 11, 11),  # Wapenstilstand
        date(year, 12, 25),  # Kerstmis
    })


def is_working_day(day):
    """Monday to Friday, and not a Belgian public holiday."""
    return day.weekday() < 5 and day not in belgian_public_holidays(day.year)


def local_date(moment):
    """The Brussels calendar date of a naive UTC datetime (as the database stores them)."""
    return moment.replace(tzinfo=UTC).astimezone(BRUSSELS).date()


def working_days_between(start, end):
    """How many working days come after `start` up to and including `end` (dates; 0 if end <= start)."""
    count, day = 0, start + timedelta(days=1)
    while day <= end:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def add_working_days(start, count):
    """The date `count` working days after `start`."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        count -= is_working_day(day)
    return day


def working_days_since(moment, now):
    """Working days from a naive UTC `moment` to a naive UTC `now`, on the Brussels calendar."""
    return working_days_between(local_date(moment), local_date(now))
