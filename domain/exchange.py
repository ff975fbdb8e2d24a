"""'Uitwisseling via gestructureerde berichten': the information needed to exchange XML files.

The technical sender is a user of the enterprise (the manual: for file transfer at least one user
must be created); the channel authenticates with that user's password or with the enterprise's
registered certificate; and it is used for the applications chosen here.
"""

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.accounts import Account
from db.applications import Application
from db.base import database
from db.clock import utcnow
from db.exchange import Authentication, ExchangeApplication, ExchangeRegistration
from db.routing import Destination, RoutingRule
from domain import audit
from domain.certificates import usable_certificate
from domain.refusals import Refused, StaleData
from domain.versions import update_if_current


def register(actor, *, sender_id, authentication, application_codes, version):
    """Keep the actor's enterprise's registration for the structured-message channel; audited.

    `version` is the registration's version the form showed (0: none yet). Returns False when
    nothing changed (a repeated post).
    """
    enterprise = actor.enterprise
    sender = _technical_sender(enterprise, sender_id)
    _check_authentication(enterprise, authentication)
    applications = Application.all_of(application_codes)
    if applications is None:
        raise Refused(_l("Choose applications from the list."), field="applications")
    with database.atomic():
        registration = ExchangeRegistration.registration_of(enterprise)
        before = _summary(registration)
        after = {"technical_sender": sender.username, "authentication": authentication,
                 "applications": [a.code for a in applications]}
        if before == after:
            return False
        _refuse_dropping_routed_applications(enterprise, before["applications"], after["applications"])
        registration = _store(enterprise, registration, sender, authentication, version)
        _store_applications(registration, applications)
        audit.record(actor, "exchange.changed" if before["authentication"] else "exchange.registered",
                     subject=enterprise, enterprise=enterprise, changes=audit.changes_between(before, after))
    return True


def channel_covers(enterprise, application):
    """True when the enterprise's channel is registered for `application`."""
    return ExchangeApplication.of_enterprise(enterprise).where(
        ExchangeApplication.application == application).exists()


def channel_problems(registration, now=None):
    """What stops the registered channel from working now (an empty list when nothing does)."""
    if registration is None:
        return []
    problems = []
    sender = registration.technical_sender
    if sender is None:
        problems.append(_l("There is no technical sender: %(name)s was deleted. Choose another user.",
                           name=registration.technical_sender_name)
                        if registration.technical_sender_name else _l("There is no technical sender."))
    elif sender.blocked:
        problems.append(_l("The technical sender %(name)s is blocked and cannot send files.",
                           name=sender.full_name))
    if (registration.authentication == Authentication.CERTIFICATE
            and usable_certificate(registration.enterprise, now) is None):
        problems.append(_l("The channel authenticates with the certificate, but no valid certificate is "
                           "registered."))
    return problems


def _technical_sender(enterprise, sender_id):
    sender = ExchangeRegistration.sender_candidates(enterprise).where(Account.id == sender_id).first()
    if sender is None:
        raise Refused(_l("Choose a user of your enterprise as technical sender."), field="technical_sender")
    return sender


def _check_authentication(enterprise, authentication):
    if authentication not in Authentication:
        raise Refused(_l("Choose how the channel authenticates."), field="authentication")
    if authentication == Authentication.CERTIFICATE and usable_certificate(enterprise) is None:
        raise Refused(_l("Your enterprise has no valid certificate. Register one first under "
                         "'Certificate management'."), field="authentication")


def _summary(registration):
    if registration is None:
        return {"technical_sender": None, "authentication": None, "applications": []}
    sender = registration.technical_sender
    return {"technical_sender": sender.username if sender else None,
            "authentication": registration.authentication,
            "applications": [a.code for a in registration.applications()]}


def _refuse_dropping_routed_applications(enterprise, before, after):
    dropped = set(before) - set(after)
    routed = (
        RoutingRule.of_enterprise(enterprise)
        .join(Application)
        .where((RoutingRule.destination == Destination.STRUCTURED_MESSAGES) & Application.code.in_(dropped))
    )
    if dropped and routed.exists():
        raise Refused(_l("The Routing Module sends the notifications and tasks of an application you "
                         "removed to this channel. Change the Routing Module first."), field="applications")


def _store(enterprise, registration, sender, authentication, version):
    values = {"technical_sender": sender, "technical_sender_name": sender.full_name,
              "authentication": authentication, "updated_at": utcnow()}
    if registration is not None:
        update_if_current(ExchangeRegistration, registration.id, version, **values)
        return ExchangeRegistration.get_by_id(registration.id)
    if version:
        raise StaleData()
    try:
        with database.atomic():
            return ExchangeRegistration.create(enterprise=enterprise, **values)
    except IntegrityError as error:
        raise StaleData() from error  # registered from another window in the meantime


def _store_applications(registration, applications):
    ExchangeApplication.delete().where(ExchangeApplication.registration == registration).execute()
    if applications:
        ExchangeApplication.insert_many(
            [{"registration": registration, "application": a} for a in applications]
        ).execute()
