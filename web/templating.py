"""What every template may use: versioned static URLs, identifier formats, the language."""

import hashlib
from functools import cache
from pathlib import Path

from flask import current_app, url_for
from markupsafe import escape
from wtforms.widgets import ListWidget

from db.access_requests import Capacity, RejectionReason, RequestStatus
from db.accounts import BlockReason, Role
from db.certificates import CertificateStatus
from db.dossiers import ActionKind, Category, Formula, RefusalReason, Status, StopReason, TaskKind, TaskStatus
from db.exchange import Authentication
from db.messages import Channel, MessageStatus, RecordStatus, RecordType
from db.routing import Destination
from domain import formats, identifiers, typography
from domain.activity import action_name
from domain.profiles import Function, Profile
from web.i18n import LANGUAGE_NAMES, LANGUAGES, current_language, init_i18n
from web.navigation import PORTAL_MENU, TOP_LINKS, portal_menu_shown

# the code sets templates compare with and name: {{ Status.label_of(dossier.status) }}
CODE_SETS = (ActionKind, Authentication, Capacity, Category, CertificateStatus, Destination, Formula,
             Function, Profile, RefusalReason, RejectionReason, RequestStatus, Role, Status, StopReason,
             TaskKind, TaskStatus, Channel, MessageStatus, RecordStatus, RecordType, BlockReason)


def static_url(filename):
    """The URL of a static file with its content hash, so browsers may cache it for a year."""
    return url_for("static", filename=filename, v=_content_hash(current_app.static_folder, filename))


@cache
def _content_hash(folder, filename):
    return hashlib.sha256((Path(folder) / filename).read_bytes()).hexdigest()[:10]


def field_attributes(field, hint=None):
    """aria attributes tying a form field to its hint and its error message."""
    described_by = [f"{field.id}-hint"] if hint else []
    if getattr(field, "typed", None) is not None:
        described_by.append(f"{field.id}-typed")
    attributes = {}
    if field.errors:
        described_by.append(f"{field.id}-error")
        attributes["aria-invalid"] = "true"
    if described_by:
        attributes["aria-describedby"] = " ".join(described_by)
    return attributes


def with_colon(label):
    """A label before its value: "Ticket number:", in French "Numéro de ticket :" (no-break space)."""
    return escape(label) + typography.colon()
def error_summary(form):
    """(the id to link to, the field's name, its error) for every field of `form` with an error.

    A group of radio buttons or check boxes is linked by its first option.
    """
    wrong = []
    for field in form:
        if not field.errors or field.type in ("CSRFTokenField", "HiddenField"):
            continue
        target = f"{field.id}-0" if isinstance(field.widget, ListWidget) else field.id
        wrong.append((target, field.label.text, field.errors[0]))
    return wrong


def init_templating(app):
    """Register the globals and filters above on `app` (after Flask-Babel's init)."""
    init_i18n(app)
    app.jinja_env.globals.update(
        static_url=static_url,
        field_attributes=field_attributes,
        error_summary=error_summary,
        current_language=current_language,
        LANGUAGES=LANGUAGES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        TOP_LINKS=TOP_LINKS,
        PORTAL_MENU=PORTAL_MENU,
        portal_menu_shown=portal_menu_shown,
        **{code_set.__name__: code_set for code_set in CODE_SETS},
    )
    app.jinja_env.filters.update(
        national_number=identifiers.format_national_number,
        enterprise_number=identifiers.format_enterprise_number,
        rsz_number=identifiers.format_rsz_number,
        action_name=action_name,
        # the one date, date-time and number format per language (domain.formats)
        date=formats.day,
        datetime=formats.moment,
        time=formats.time_of_day,
        number=formats.number,
        colon=with_colon,
    )
    # Flask-Babel's own filters take any pattern: gone, so that no template writes a date another way
    for other in ("dateformat", "datetimeformat", "timeformat", "timedeltaformat"):
        app.jinja_env.filters.pop(other, None)
    # trimmed blocks keep the partials small on the wire
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
