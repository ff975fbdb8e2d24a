"""The Routing Module: where the enterprise's notifications and tasks of each application go."""

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError, fn

from db.applications import STTS, Application
from db.base import database
from db.clock import utcnow
from db.dossiers import Dossier, Task, TaskKind, TaskStatus
from db.routing import DEFAULT_DESTINATION, Destination, RoutingRule, TaskNotice
from domain import audit, formats, mail
from domain.emails import check_email
from domain.exchange import channel_covers
from domain.refusals import Refused, StaleData
from domain.versions import update_if_current


@dataclass(frozen=True)
class Route:
    """One line of the Routing Module; version 0: nothing chosen yet, the default applies."""

    application: Application
    destination: str
    email: str | None
    version: int
    rule_id: int | None = None


def routing_table(enterprise):
    """Every application of the catalogue with where its notifications and tasks go (one query)."""
    return [_route(application, application.rule) for application in RoutingRule.table_of(enterprise)]


def route_of(enterprise, application):
    """Where one application's notifications and tasks go."""
    rule = RoutingRule.of_enterprise(enterprise).where(RoutingRule.application == application).first()
    return _route(application, rule)


def change_route(actor, application, *, destination, email, version):
    """Send the application's notifications and tasks (for the actor's enterprise) to `destination`.

    `email` is needed for Destination.EMAIL only; the structured-message channel must be
    registered for the application first. `version` is the route's version the form showed
    (0: the default). Returns False when nothing changed (a repeated post).
    """
    enterprise = actor.enterprise
    if destination not in Destination:
        raise Refused(_l("Choose where the notifications and tasks go."), field="destination")
    email = check_email(email) if destination == Destination.EMAIL else None
    if destination == Destination.STRUCTURED_MESSAGES and not channel_covers(enterprise, application):
        raise Refused(_l("The structured-message channel is not registered for this application. "
                         "Register it first under 'Registration of the necessary information'."),
                      field="destination")
    with database.atomic():
        before = route_of(enterprise, application)
        if (before.destination, before.email) == (destination, email):
            return False
        _store(enterprise, application, before, destination, email, version)
        rule = RoutingRule.of_enterprise(enterprise).where(RoutingRule.application == application).get()
        audit.record(actor, "routing.changed", subject=rule, enterprise=enterprise, changes={
            "application": application.code,
            **audit.changes_between({"destination": before.destination, "email": before.email},
                                    {"destination": destination, "email": email}),
        })
    return True


def _store(enterprise, application, before, destination, email, version):
    if before.version:
        update_if_current(RoutingRule, before.rule_id, version, destination=destination, email=email,
                          updated_at=utcnow())
        return
    if version:
        raise StaleData()  # the form showed a rule that is gone
    try:
        with database.atomic():
            RoutingRule.create(enterprise=enterprise, application=application, destination=destination,
                               email=email)
    except IntegrityError as error:
        raise StaleData() from error  # someone stored a rule for it in the meantime


def _route(application, rule):
    # a left join without a match gives an empty rule, not None
    if rule is None or rule.id is None:
        return Route(application, DEFAULT_DESTINATION, None, 0)
    return Route(application, rule.destination, rule.email, rule.version, rule.id)


# -- announcing new tasks where the Routing Module says ----------------------------------------

# tasks created (committed) a little out of order are still found: this many below the newest one
NOTICE_MARGIN = 1000
TASK_SUBJECT = _l("STTS: new task \"%(kind)s\"")
TASK_TEXT = _l("A new task was created for your enterprise in the STTS application.\n\n"
               "Task: %(kind)s\nDossier number: %(dossier)s\nCustomer number: %(customer)s\n"
               "Created on: %(created)s\n\n"
               "Sign in to the STTS application to handle it (\"Consult and handle the operator's tasks\").")


def deliver_task_notices(retry=False, limit=200):
    """Announce each new task once where its operator's Routing Module sends STTS tasks: an e-mail
    for Destination.EMAIL; the task list and the structured-message feed show it without one.
    With `retry`, e-mails that could not be sent before are tried again. Returns (sent, failed)."""
    floor = max(TaskNotice.newest_task_id() - NOTICE_MARGIN, 0)
    if not retry and TaskNotice.all_noticed_above(floor):
        # after every change that went through (a block, a transfer): nothing new is the usual
        # answer, found without probing each of the NOTICE_MARGIN tasks for its notice
        return 0, 0
    unnoticed = ~fn.EXISTS(TaskNotice.select(TaskNotice.id).where(TaskNotice.task == Task.id))
    new_tasks = (Task.select(Task, Dossier).join(Dossier).where((Task.id > floor) & unnoticed)
                 .order_by(Task.id).limit(limit))
    sent = failed = 0
    routes = {}
    new_tasks = list(new_tasks)
    stts = Application.get_or_none(Application.code == STTS) if new_tasks else None
    for task in new_tasks:
        if task.enterprise_id not in routes:
            routes[task.enterprise_id] = route_of(task.enterprise_id, stts)
        notice = _notice(task, routes[task.enterprise_id])
        if notice is not None and notice.destination == Destination.EMAIL:
            ok = _send_notice(notice, task)
            sent, failed = sent + ok, failed + (not ok)
    if retry:
        for notice in TaskNotice.unsent():
            task = Task.select(Task, Dossier).join(Dossier).where(Task.id == notice.task_id).get()
            ok = _send_notice(notice, task)
            sent, failed = sent + ok, failed + (not ok)
    return sent, failed


def _notice(task, route):
    """The task's notice, made by this process (None: another process made it first)."""
    destination = route.destination if task.status == TaskStatus.OPEN else Destination.TASK_LIST
    try:
        with database.atomic():
            return TaskNotice.create(task=task, destination=destination,
                                     email=route.email if destination == Destination.EMAIL else None)
    except IntegrityError:
        return None


def _send_notice(notice, task):
    enterprise = task.dossier.enterprise
    with force_locale(enterprise.language):
        kind = TaskKind.label_of(task.kind)
        subject = str(TASK_SUBJECT) % {"kind": kind}
        text = str(TASK_TEXT) % {"kind": kind, "dossier": task.dossier_id,
                                 "customer": task.dossier.customer_number or "–",
                                 "created": formats.moment(task.created_at)}
    try:
        mail.send(notice.email, subject, text)
    except mail.MailNotSent as error:
        TaskNotice.update(error=str(error)[:500]).where(TaskNotice.id == notice.id).execute()
        return False
    TaskNotice.update(sent_at=utcnow(), error="").where(TaskNotice.id == notice.id).execute()
    return True
