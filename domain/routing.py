"""The Routing Module: where the enterprise's notifications and tasks of each application go."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.applications import Application
from db.base import database
from db.clock import utcnow
from db.routing import DEFAULT_DESTINATION, Destination, RoutingRule
from domain import audit
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
