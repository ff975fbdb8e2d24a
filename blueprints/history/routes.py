"""'Historiek van de onderneming': every audit event of the local admin's enterprise, newest first,
filtered, paged by key, exportable as CSV; the back-office officer reads the same over every
enterprise (with an enterprise filter)."""

import csv
import io
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, request, stream_with_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from db.accounts import Role
from db.audit import AuditEvent
from db.enterprises import Enterprise
from domain import formats
from domain.identifiers import digits
from web.access import role_required
from web.history import history
from web.i18n import current_language
from web.rendering import render

from .forms import LogFilter

bp = Blueprint("history", __name__, url_prefix="/history")

PAGE_SIZE = 50
BRUSSELS = ZoneInfo("Europe/Brussels")
UNKNOWN_ENTERPRISE = _l("No enterprise has this number.")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@bp.get("/")
@role_required(Role.LOCAL_ADMIN, Role.OFFICER)
def index():
    """The log, a page at a time: `before` is the id of the last event of the previous page."""
    form, query, status = _filtered()
    if query is None:
        return render("history/index.html", status=status, form=form, entries=[], next_before=None,
                      events=[], officer=_is_officer())
    before = request.args.get("before", type=int)
    if before is not None:
        last = AuditEvent.get_or_none(AuditEvent.id == before)
        if last is not None:
            query = AuditEvent.log(**{**_criteria(form), "before": last})
    events = list(query.limit(PAGE_SIZE + 1))
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    return render("history/index.html", form=form, events=events,
                  entries=list(zip(events, history(events, current_language()), strict=True)),
                  next_before=events[-1].id if more else None, officer=_is_officer(),
                  export_args={k: v for k, v in request.args.items() if k != "before"})


@bp.get("/export.csv")
@role_required(Role.LOCAL_ADMIN, Role.OFFICER)
def export():
    """The filtered log (every page) as CSV: UTF-8 with BOM, ';', formulas neutralised."""
    form, query, _status = _filtered()
    if query is None:
        abort(400)
    language = current_language()
    officer = _is_officer()
    header = [_("When"), _("Who"), _("What"), _("Concerned"), _("Changes (old → new)"), _("Address")]
    if officer:
        header.insert(0, _("Enterprise"))
    names = {e.id: e.name for e in Enterprise.select(Enterprise.id, Enterprise.name)} if officer else {}

    def lines():
        yield "\ufeff" + _line(header)
        for event in query.iterator():
            entry = history([event], language)[0]
            cells = [formats.iso_moment(event.at), entry.actor, entry.action,
                     event.subject_name,
                     "; ".join(f"{label}: {old} → {new}" for label, old, new in entry.changes),
                     event.ip_address]
            if officer:
                cells.insert(0, names.get(event.enterprise_id, ""))
            yield _line(cells)

    headers = {"Content-Disposition": f'attachment; filename="{_("history")}.csv"'}
    return Response(stream_with_context(lines()), mimetype="text/csv", headers=headers)


def _line(cells):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(
        "'" + cell if cell.startswith(FORMULA_START) else cell for cell in (str(c) for c in cells))
    return buffer.getvalue()


def _is_officer():
    return current_user.role == Role.OFFICER


def _filtered():
    """(form, query, status): the query None when the filter is refused (422, errors at the fields)."""
    form = LogFilter(formdata=request.args, officer=_is_officer())
    if not form.validate():
        return form, None, 422
    criteria = _criteria(form)
    if criteria is None:
        return form, None, 422
    return form, AuditEvent.log(**criteria), 200


def _criteria(form):
    enterprise = None if _is_officer() else current_user.enterprise
    if _is_officer() and form.enterprise.data:
        number = digits(form.enterprise.data)
        enterprise = Enterprise.by_number(kbo_number=number.zfill(10) if len(number) > 9 else None,
                                          rsz_number=number if len(number) <= 9 else None)
        if enterprise is None:
            form.enterprise.errors = [*form.enterprise.errors, str(UNKNOWN_ENTERPRISE)]
            return None
    return {"enterprise": enterprise, "actor": form.actor.data or "", "subject": form.subject.data or "",
            "actions": [form.action.data] if form.action.data else (),
            "since": _utc(form.since.data), "until": _utc(form.until.data, next_day=True)}


def _utc(day, next_day=False):
    """Midnight in Brussels at the start of `day` (or of the day after), as naive UTC."""
    if day is None:
        return None
    if next_day:
        day = day + timedelta(days=1)
    local = datetime.combine(day, time.min, tzinfo=BRUSSELS)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
