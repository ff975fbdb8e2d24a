"""The operator's tasks: work a process could not finish in one step.

Each kind of task has a cause and says what to do about it; it is closed when its cause is gone
(the data is there, the dossier is closed, the reduction is stopped) or, when it cannot be, by a
person who says why not.
"""

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.base import database
from db.clock import utcnow
from db.dossiers import Status, Task, TaskKind, TaskStatus
from domain import audit, free_text
from domain.refusals import Refused, StaleData

ALREADY_HANDLED = _l("This task has already been handled.")
COMMENT_MISSING = _l("Say what you did.")
REASON_MISSING = _l("The cause of this task is still there: say why the task is closed anyway.")
COMMENT_LENGTH = 1000
TOO_LONG = _l("At most %(max)d characters.")

# what a dossier must have, whichever way it came (a transfer may leave the customer number out)
REQUIRED_ON_A_DOSSIER = ("street", "postcode", "city", "language", "customer_number", "line_number",
                         "formula")

# per kind: why the task is there, and what the operator does about it
CAUSES = {
    TaskKind.MISSING_DATA: _l("The dossier misses data that is required: %(fields)s."),
    TaskKind.CLOSE_DOSSIER: _l("The dossier is not active and cannot become so (not activated in time, or "
                               "the beneficiary is no longer entitled)."),
    TaskKind.END_REDUCTION: _l("The beneficiary is no longer entitled to the reduction (deceased, no longer "
                               "eligible, or the tariff was taken over by another operator)."),
}
WHAT_TO_DO = {
    TaskKind.MISSING_DATA: _l("Fill in the missing data with \"Modify a dossier\". The task is closed once "
                              "the data is there."),
    TaskKind.CLOSE_DOSSIER: _l("Close the dossier: stop the social telephone tariff. The task is closed once "
                               "the dossier is closed."),
    TaskKind.END_REDUCTION: _l("Stop the reduction in your invoicing, and the reduction of the dossier if it "
                               "is still open. The task can be closed once the reduction is stopped."),
}


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


def missing_fields(dossier):
    """The required fields the dossier has no value for (what "Ontbrekende gegevens invullen" asks)."""
    return [name for name in REQUIRED_ON_A_DOSSIER if getattr(dossier, name) in (None, "")]


def cause_is_gone(task, dossier=None):
    """True when what gave rise to the task is no longer so."""
    dossier = dossier or task.dossier
    if task.kind == TaskKind.MISSING_DATA:
        return not dossier.is_open or not missing_fields(dossier)
    if task.kind == TaskKind.CLOSE_DOSSIER:
        return not dossier.is_open
    if task.kind == TaskKind.END_REDUCTION:
        # stopped, taken over, or a stop scheduled
        return dossier.status != Status.ACTIVE or dossier.ended_on is not None
    return False


def check_comment(comment, required=True):
    """The comment trimmed; Refused when it is empty (and required) or too long."""
    comment = free_text.multi_line((comment or "").strip(), "comment")
    if required and not comment:
        raise Refused(COMMENT_MISSING, "comment")
    if len(comment) > COMMENT_LENGTH:
        raise Refused(TOO_LONG % {"max": COMMENT_LENGTH}, "comment")
    return comment


def handle_task(actor, task, comment, reason=None):
    """Close an open task, with the comment of the person who handled it.

    Closed when its cause is gone; while it is still there, only with `reason` saying why not
    (kept with the task, and audited)."""
    comment = check_comment(comment)
    reason = (reason or "").strip()
    gone = cause_is_gone(task)
    if not gone and not reason:
        raise Refused(REASON_MISSING, "reason")
    if gone:
        reason = ""
    check_comment(reason, required=False)
    values = {"status": TaskStatus.HANDLED, "comment": comment, "closed_without_cause": reason,
              "handled_at": utcnow(), "handled_by": actor.account, "handled_by_name": actor.full_name}
    with database.atomic():
        handled = (Task.update(**values).where((Task.id == task.id) & (Task.status == TaskStatus.OPEN))
                   .execute())
        if not handled:
            # someone else handled it since the page was read
            raise StaleData(ALREADY_HANDLED)
        changes = {"status": [TaskStatus.OPEN, TaskStatus.HANDLED], "comment": [None, comment]}
        if reason:
            changes["closed_without_cause"] = [None, reason]
        audit.record(actor, "task.handled", subject=task, changes=changes)
    for name, value in values.items():
        setattr(task, name, value)
    return task


def close_automatically(task):
    """Close a task without a handler: its cause is gone."""
    return (Task.update(status=TaskStatus.HANDLED, handled_at=utcnow())
            .where((Task.id == task.id) & (Task.status == TaskStatus.OPEN)).execute())


def close_tasks_whose_cause_is_gone(dossier):
    """Close (without a handler) the dossier's open tasks whose cause is gone."""
    for task in list(Task.open_of(dossier)):
        if cause_is_gone(task, dossier):
            close_automatically(task)


def close_tasks_caused_by(action):
    """Close, without a handler, the open tasks an action gave rise to (the action was cancelled)."""
    return (Task.update(status=TaskStatus.HANDLED, handled_at=utcnow())
            .where((Task.cause == action) & (Task.status == TaskStatus.OPEN)).execute())
