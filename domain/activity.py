"""The enterprise's recent changes in words: audit events as translated phrases."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from db.applications import Application
from db.audit import AuditEvent

# %(subject)s is the name recorded with the event (a user's name, an application, a certificate)
PHRASES = {
    "account.password_changed": _l("Password of %(subject)s changed"),
    "account.email_changed": _l("E-mail address of %(subject)s changed"),
    "account.language_changed": _l("Language of %(subject)s changed"),
    "account.locked": _l("%(subject)s locked after too many failed sign-ins"),
    "enterprise.email_changed": _l("E-mail address of the enterprise changed"),
    "certificate.registered": _l("Certificate registered"),
    "certificate.replaced": _l("Certificate replaced"),
    "certificate.revoked": _l("Certificate revoked"),
    "routing.changed": _l("Routing Module changed for %(subject)s"),
    "exchange.registered": _l("Registered for the exchange of structured messages"),
    "exchange.changed": _l("Registration for structured messages changed"),
    "user.created": _l("User %(subject)s created"),
    "user.changed": _l("Data of user %(subject)s changed"),
    "user.updated": _l("Data of user %(subject)s changed"),
    "user.profile_changed": _l("Profile of user %(subject)s changed"),
    "user.password_reset": _l("New password for user %(subject)s"),
    "user.blocked": _l("User %(subject)s blocked"),
    "user.unblocked": _l("User %(subject)s unblocked"),
    "user.deleted": _l("User %(subject)s deleted"),
    "dossier.requested": _l("Social tariff requested for %(subject)s"),
    "dossier.decided": _l("Eligibility of %(subject)s decided"),
    "dossier.activated": _l("Social tariff of %(subject)s activated"),
    "dossier.modified": _l("Dossier of %(subject)s changed"),
    "dossier.stopped": _l("Social tariff of %(subject)s stopped"),
    "dossier.transferred_in": _l("Social tariff of %(subject)s taken over from another operator"),
    "dossier.transferred_out": _l("Previous operator's dossier of %(subject)s closed by the transfer"),
    "dossier.transfer_cancelled": _l("Previous operator's dossier of %(subject)s reopened"),
    "dossier.cancelled": _l("Last action on the dossier of %(subject)s cancelled"),
    "task.handled": _l("Task handled in the dossier of %(subject)s"),
}
UNKNOWN_ACTION = _l("Change '%(action)s' about %(subject)s")
UNKNOWN_ACTION_WITHOUT_SUBJECT = _l("Change '%(action)s'")


@dataclass(frozen=True)
class Activity:
    at: datetime
    actor_name: str
    description: str


def recent_activity(enterprise, language, limit=5):
    """The enterprise's last `limit` audit events, newest first, described in the page's language."""
    events = list(AuditEvent.of_enterprise(enterprise).limit(limit))
    application_names = {a.code: a.name(language) for a in Application.catalogue()}
    return [Activity(e.at, e.actor_name, describe(e, application_names)) for e in events]


def describe(event, application_names=None):
    """One event as a phrase; an action without a phrase is named by its code."""
    subject = event.subject_name
    if event.action == "routing.changed":
        subject = (application_names or {}).get(event.change_dict.get("application"), subject)
    phrase = PHRASES.get(event.action)
    if phrase is None:
        phrase = UNKNOWN_ACTION if subject else UNKNOWN_ACTION_WITHOUT_SUBJECT
    return str(phrase) % {"subject": subject, "action": event.action}
