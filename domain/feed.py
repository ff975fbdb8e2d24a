"""What an operator's system polls from the structured-message channel: its open STTS tasks (when
the Routing Module sends them to the channel) and the answers about its dossiers that nobody of
the operator gave itself (a pending request decided, a tariff taken over by another operator, a
dossier stopped by the nightly re-check). Only what is new since the cursor the caller passes.

The cursor is opaque to the caller and only grows: it holds the last task and the last step of a
history handed out. Rows are handed out only a few seconds after they were written, so that a
transaction that took an id earlier but committed later is never jumped over.
"""

import base64
import re
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from db.applications import STTS, Application
from db.clock import utcnow
from db.dossiers import Dossier, DossierAction, Task, TaskStatus
from db.routing import Destination
from domain.message_format import (
    SCHEMA_VERSION,
    MessageRefused,
    document,
    element,
    optional,
    xml_datetime,
)
from domain.routing import route_of

SETTLE = timedelta(seconds=5)
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
BAD_CURSOR = _l("This is not a cursor of this feed. Pass the cursor of the last answer, or none to start.")
_CURSOR = re.compile(r"([0-9]{1,18})\.([0-9]{1,18})")


@dataclass(frozen=True)
class Cursor:
    task_id: int = 0
    action_id: int = 0

    def encode(self):
        """The cursor as the caller sees it: opaque, URL-safe."""
        return base64.urlsafe_b64encode(f"{self.task_id}.{self.action_id}".encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text):
        """The cursor `text` stands for (the start for an empty one), or MessageRefused."""
        if not text:
            return cls()
        try:
            plain = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
        except (ValueError, UnicodeDecodeError) as error:
            raise MessageRefused("BAD_CURSOR", BAD_CURSOR, element="after") from error
        found = _CURSOR.fullmatch(plain)
        if not found:
            raise MessageRefused("BAD_CURSOR", BAD_CURSOR, element="after")
        return cls(int(found.group(1)), int(found.group(2)))


def feed(enterprise, cursor_text="", limit=DEFAULT_LIMIT):
    """The <feed> document of what is new for `enterprise` since `cursor_text`: at most `limit`
    items, oldest first, with the cursor to pass next time and whether more are waiting."""
    cursor = Cursor.decode(cursor_text)
    limit = min(max(limit, 1), MAX_LIMIT)
    horizon = utcnow() - SETTLE
    tasks = []
    if _tasks_routed_here(enterprise):
        tasks = list(_new_tasks(enterprise, cursor.task_id, horizon, limit + 1))
    answers = list(_new_answers(enterprise, cursor.action_id, horizon, limit + 1))
    chosen = _merged(tasks, answers, limit)
    next_cursor = Cursor(
        max([cursor.task_id, *(item.id for item in chosen if isinstance(item, Task))]),
        max([cursor.action_id, *(item.id for item in chosen if isinstance(item, DossierAction))]))
    more = len(chosen) < len(tasks) + len(answers)
    return document(element("feed", children=[
        element("header", children=[
            element("createdAt", xml_datetime(utcnow())), element("schemaVersion", SCHEMA_VERSION),
            element("cursor", next_cursor.encode()), element("more", "true" if more else "false")]),
        element("items", children=[_item(item) for item in chosen])]))


def _tasks_routed_here(enterprise):
    stts = Application.get_or_none(Application.code == STTS)
    return stts is not None and route_of(enterprise, stts).destination == Destination.STRUCTURED_MESSAGES


def _new_tasks(enterprise, after_id, horizon, limit):
    return (Task.select(Task, Dossier).join(Dossier)
            .where((Task.enterprise == enterprise) & (Task.id > after_id) & (Task.status == TaskStatus.OPEN)
                   & (Task.created_at <= horizon))
            .order_by(Task.id).limit(limit))


def _new_answers(enterprise, after_id, horizon, limit):
    # steps nobody of the operator took: the nightly job's, and another operator's (kept nameless)
    return (DossierAction.select(DossierAction, Dossier).join(Dossier)
            .where((Dossier.enterprise == enterprise) & (DossierAction.id > after_id)
                   & DossierAction.performer.is_null() & (DossierAction.performer_name == "")
                   & (DossierAction.at <= horizon))
            .order_by(DossierAction.id).limit(limit))


def _merged(tasks, answers, limit):
    """The first `limit` items of both lists by time, each list's order kept (so that what is
    handed out of each is a beginning of it, and the cursor can say where it ended)."""
    chosen, t, a = [], 0, 0
    while len(chosen) < limit and (t < len(tasks) or a < len(answers)):
        if a >= len(answers) or (t < len(tasks) and tasks[t].created_at <= answers[a].at):
            chosen.append(tasks[t])
            t += 1
        else:
            chosen.append(answers[a])
            a += 1
    return chosen


def _item(item):
    if isinstance(item, Task):
        return element("task", attributes={"id": item.id}, children=[
            element("kind", item.kind), element("createdAt", xml_datetime(item.created_at)),
            _dossier(item.dossier)])
    return element("answer", attributes={"id": item.id}, children=[
        element("kind", item.kind), element("at", xml_datetime(item.at)), _dossier(item.dossier)])


def _dossier(dossier):
    return element("dossier", children=[
        element("dossierId", dossier.id), element("status", dossier.status),
        element("nationalNumber", dossier.national_number), element("lineNumber", dossier.line_number),
        optional("customerNumber", dossier.customer_number),
        optional("refusalReason", dossier.refusal_reason), optional("stopReason", dossier.stop_reason),
        optional("endedOn", dossier.ended_on.isoformat() if dossier.ended_on else None)])
