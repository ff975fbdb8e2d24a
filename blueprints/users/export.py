"""The user list or a search result as CSV: UTF-8 with a BOM (so Excel reads the accents), a header
row, ';' as separator by default (what Belgian spreadsheets expect), streamed a batch at a time."""

import csv
import io
from itertools import islice

from flask import Response, stream_with_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db.accounts import Account
from domain import formats
from domain.identifiers import format_national_number
from domain.profiles import Profile
from web.i18n import LANGUAGE_NAMES

SEPARATORS = {"semicolon": ";", "comma": ","}
BATCH = 500
# a spreadsheet reads a cell starting with one of these as a formula (or a DDE command: `|`), also
# after spaces, and some read the full-width forms as the ASCII ones: never let data do that (OWASP)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%", "\uff1d", "\uff0b", "\uff0d", "\uff20",
                 "\uff5c")

HEADER = (_l("Last name"), _l("First name"), _l("Username"), _l("National register number"),
          _l("E-mail address"), _l("Language"), _l("Applications"), _l("STTS profile"), _l("Status"))


def csv_response(query, language, separator=";", filename="users.csv"):
    """A streamed CSV download of the accounts of `query`, in `language`."""
    def lines():
        yield "\ufeff" + _line([str(title) for title in HEADER], separator)
        rows = query.iterator()
        while batch := list(islice(rows, BATCH)):
            applications = Account.application_names(batch, language)
            for account in batch:
                yield _line(_cells(account, applications[account.id]), separator)

    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(stream_with_context(lines()), mimetype="text/csv", headers=headers)


def _cells(account, applications):
    return [account.last_name, account.first_name, account.username,
            format_national_number(account.national_number), account.email or "",
            LANGUAGE_NAMES.get(account.language, account.language), ", ".join(applications),
            str(Profile.label_of(account.stts_profile)) if account.stts_profile else "", status_text(account)]


def status_text(account):
    """'Blocked', 'Locked until 14:35' or 'Active', in the page's language."""
    if account.blocked:
        return _("Blocked")
    if account.is_locked():
        return _("Locked until %(time)s", time=formats.time_of_day(account.locked_until))
    return _("Active")


def _line(cells, separator):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(neutralised(cell) for cell in cells)
    return buffer.getvalue()


def neutralised(cell):
    """`cell` as text a spreadsheet shows and never evaluates: a leading quote before a formula."""
    return "'" + cell if cell.lstrip(" \u3000").startswith(FORMULA_START) else cell
