"""The operator's tasks: work a process could not finish in one step."""

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.base import database
from db.clock import utcnow
from db.dossiers import Task, TaskStatus
from domain import audit, free_text
from domain.refusals import StaleData

ALREADY_HANDLED = _l("This task has already been handled.")


def open_task(dossier, kind, cause=None):
    """(task, created): a task of `kind` for the dossier's operator, unless one is open already.

    The database decides (one open task per dossier and kind): of two runs at once, one creates it.
    Not audited by itself: the action that caused it is, and a task for another operator must not
    carry this operator's user in that operator's log.
    """
    existing = Task.open_of(dossier).where(Task.kind == kind).first()
    if existing:
        return existing, False
    try:
        # a savepoint: after the unique index's IntegrityError the transaction goes on
        with database.atomic():
            task = Task.create(enterprise=dossier.enterprise_id, dossier=dossier, kind=kind, cause=cause)
        return task, True
    except IntegrityError:
        return Task.open_of(dossier).where(Task.kind == kind).get(), False


def handle_task(actor, task, comment):
    """Mark an open task handled, with the comment of the person who handled it."""
    free_text.multi_line(comment, "comment")
    values = {"status": TaskStatus.HANDLED, "comment": comment, "handled_at": utcnow(),
              "handled_by": actor.account, "handled_by_name": actor.full_name}
    handled = Task.update(**values).where((Task.id == task.id) & (Task.status == TaskStatus.OPEN)).execute()
    if not handled:
        # someone else handled it since the page was read
        raise StaleData(ALREADY_HANDLED)
    for name, value in values.items():
        setattr(task, name, value)
    audit.record(actor, "task.handled", subject=task,
                 changes={"status": [TaskStatus.OPEN, TaskStatus.HANDLED], "comment": [None, comment]})
    return task


def close_tasks_caused_by(action):
    """Close, without a handler, the open tasks an action gave rise to (the action was cancelled)."""
    return (Task.update(status=TaskStatus.HANDLED, handled_at=utcnow())
            .where((Task.cause == action) & (Task.status == TaskStatus.OPEN)).execute())
