"""Audit events told in the reader's language: a user's history, the enterprise's log ("Historiek")."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db.applications import Application
from domain import formats
from domain.activity import action_name
from domain.audit import same
from domain.identifiers import format_national_number
from domain.profiles import Profile
from web.i18n import LANGUAGE_NAMES

FIELD_NAMES = {
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "username": _l("Username"),
    "national_number": _l("National register number"),
    "email": _l("E-mail address"),
    "language": _l("Language"),
    "applications": _l("Applications"),
    "stts_profile": _l("STTS profile"),
    "blocked": _l("Blocked"),
    "locked_until": _l("Locked until"),
    "locked_for_clients": _l("Locked for the addresses"),
    "must_change_password": _l("Must choose a new password at sign-in"),
}

# how events store dates and moments (JSON): ISO 8601
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")


@dataclass
class Entry:
    """One line of the history: when, who, what, and each field's old and new value."""

    at: datetime
    actor: str
    action: str
    changes: list  # (field label, old text, new text)


def history(events, language):
    """The audit events as history entries, their values in readable form."""
    applications = Application.names(language)
    return [
        Entry(at=event.at, actor=event.actor_label or _("the system"),
              action=action_name(event.action),
              changes=[(str(FIELD_NAMES.get(name, name)), _text(name, old, applications),
                        _text(name, new, applications)) for name, (old, new) in _pairs(event)])
        for event in events
    ]


def _pairs(event):
    # events record {field: [old, new]}; anything else is shown as a detail with no old value; an
    # event recorded before the log kept only real changes may hold a pair that changed nothing
    for name, value in event.change_dict.items():
        pair = value if isinstance(value, list) and len(value) == 2 else [None, value]
        if not same(*pair):
            yield name, pair


def _text(name, value, applications):
    if value in (None, "", []):
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if name == "national_number":
        return format_national_number(value)
    if name == "language":
        return LANGUAGE_NAMES.get(value, value)
    if name == "stts_profile":
        return str(Profile.label_of(value))
    if name == "applications":
        return ", ".join(applications.get(code, code) for code in value)
    if name == "locked_until" or (name.endswith(("_at", "_until")) and _ISO_MOMENT.fullmatch(str(value))):
        return formats.moment(datetime.fromisoformat(value))
    if name.endswith("_on") and _ISO_DATE.fullmatch(str(value)):
        return formats.day(date.fromisoformat(value))
    return str(value)
