"""Working days: Monday to Friday, except Belgian public holidays.

The back office promises provisional credentials within 5 working days; ages in its queue are
counted in working days, on the calendar of Brussels.
"""

from datetime import UTC, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

BRUSSELS = ZoneInfo("Europe/Brussels")


@cache
def belgian_public_holidays(year):
    """The legal public holidays of Belgium in `year` (the `holidays` package keeps the list)."""
    return frozenset(holidays.country_holidays("BE", years=year))


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


def working_days_since(moment, now):
    """Working days from a naive UTC `moment` to a naive UTC `now`, on the Brussels calendar."""
    return working_days_between(local_date(moment), local_date(now))
