"""Audit events in words: one vocabulary for every history, feed and overview.

Every action code that `domain.audit.record` writes has an entry here (a test checks it): a
short name for lists about one subject ("User blocked"), and, where it reads better, a phrase
naming the subject for the enterprise's recent activity ("User %(subject)s blocked").
"""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from db.applications import Application
from db.audit import AuditEvent
from db.dossiers import ActionKind
from domain import typography


@dataclass(frozen=True)
class Action:
    name: object
    phrase: object = None


# how the enterprise's recent activity tells each step of a dossier's history
DOSSIER_PHRASES = {
    ActionKind.REQUESTED: _l("Social tariff requested for %(subject)s"),
    ActionKind.DECIDED: _l("Eligibility of %(subject)s decided"),
    ActionKind.ACTIVATED: _l("Social tariff of %(subject)s activated"),
    ActionKind.MODIFIED: _l("Dossier of %(subject)s changed"),
    ActionKind.STOPPED: _l("Social tariff of %(subject)s stopped"),
    ActionKind.REDUCTION_STOPPED: _l("Reduction of %(subject)s stopped"),
    ActionKind.TARIFF_STOPPED: _l("Social tariff of %(subject)s stopped"),
    ActionKind.REDUCTION_STOP_SCHEDULED: _l("Stop of the reduction of %(subject)s scheduled"),
    ActionKind.TARIFF_STOP_SCHEDULED: _l("Stop of the social tariff of %(subject)s scheduled"),
    ActionKind.STOP_APPLIED: _l("Scheduled stop of %(subject)s applied"),
    ActionKind.REGISTER_UPDATED: _l("Dossier of %(subject)s updated from the National Register"),
    ActionKind.TRANSFERRED_IN: _l("Social tariff of %(subject)s taken over from another operator"),
    ActionKind.TRANSFERRED_OUT: _l("Previous operator's dossier of %(subject)s closed by the transfer"),
    ActionKind.TRANSFER_CANCELLED: _l("Previous operator's dossier of %(subject)s reopened"),
    ActionKind.CANCELLED: _l("Last action on the dossier of %(subject)s cancelled"),
}

ACTIONS = {
    # own data and sign-in
    "account.created": Action(_l("Account created")),
    "account.became_local_admin": Action(_l("Became local administrator")),
    "account.local_admin_replaced": Action(_l("Local administrator replaced")),
    "account.password_changed": Action(_l("Own password changed"), _l("Password of %(subject)s changed")),
    "account.email_changed": Action(_l("Own e-mail address changed"),
                                    _l("E-mail address of %(subject)s changed")),
    "account.language_changed": Action(_l("Own language changed"), _l("Language of %(subject)s changed")),
    "account.other_sessions_ended": Action(_l("Signed out on all other devices"),
                                           _l("%(subject)s signed out on all other devices")),
    "account.locked_for_client": Action(_l("Locked for one address after failed sign-ins"),
                                        _l("%(subject)s locked for one address after failed sign-ins")),
    "account.locked": Action(_l("Locked after failed sign-ins"),
                             _l("%(subject)s locked after too many failed sign-ins")),
    "account.second_factor_enabled": Action(_l("Second factor turned on"),
                                            _l("%(subject)s turned the second factor on")),
    "account.second_factor_disabled": Action(_l("Second factor turned off"),
                                             _l("%(subject)s turned the second factor off")),
    "account.recovery_code_used": Action(_l("Signed in with a recovery code"),
                                         _l("%(subject)s signed in with a recovery code")),
    "account.recovery_codes_renewed": Action(_l("New recovery codes made"),
                                             _l("%(subject)s made new recovery codes")),
    "user.blocked_inactive": Action(_l("User blocked as inactive"),
                                    _l("User %(subject)s blocked as inactive")),
    "user.invited": Action(_l("Invitation sent by e-mail"), _l("Invitation sent to %(subject)s")),
    "account.invitation_accepted": Action(_l("Password chosen through the invitation"),
                                          _l("%(subject)s chose a password through the invitation")),
    "user.second_factor_reset": Action(_l("Second factor reset"), _l("Second factor of %(subject)s reset")),
    "enterprise.second_factor_required_changed": Action(_l("Second factor for every user changed")),
    "access_request.second_factor_reset": Action(_l("Second factor of the local administrator reset")),
    "officer.created": Action(_l("Back-office officer created")),
    # the enterprise
    "enterprise.created": Action(_l("Enterprise created")),
    "enterprise.email_changed": Action(_l("E-mail address of the enterprise changed")),
    "certificate.registered": Action(_l("Certificate registered")),
    "certificate.replaced": Action(_l("Certificate replaced")),
    "certificate.revoked": Action(_l("Certificate revoked")),
    "certificate.superseded": Action(_l("Certificate registered by another enterprise that proved it "
                                        "holds its key: ended here")),
    "routing.changed": Action(_l("Routing Module changed"), _l("Routing Module changed for %(subject)s")),
    "exchange.registered": Action(_l("Registered for the exchange of structured messages")),
    "exchange.changed": Action(_l("Registration for structured messages changed")),
    "exchange.message_processed": Action(_l("Structured message processed"),
                                         _l("Structured message %(subject)s processed")),
    "exchange.message_refused": Action(_l("Structured message refused")),
    "exchange.record_accepted": Action(_l("Record of a structured message accepted"),
                                       _l("Record of a structured message accepted: %(subject)s")),
    "exchange.record_refused": Action(_l("Record of a structured message refused"),
                                      _l("Record of a structured message refused: %(subject)s")),
    "exchange.messages_purged": Action(_l("Old structured messages deleted")),
    # user management
    "user.created": Action(_l("User registered"), _l("User %(subject)s created")),
    "user.profile_changed": Action(_l("Profile changed"), _l("Profile of user %(subject)s changed")),
    "user.national_number_corrected": Action(_l("National register number corrected")),
    "user.password_reset": Action(_l("New one-time password"), _l("New password for user %(subject)s")),
    "user.blocked": Action(_l("User blocked"), _l("User %(subject)s blocked")),
    "user.unblocked": Action(_l("User unblocked"), _l("User %(subject)s unblocked")),
    "user.unlocked": Action(_l("Lock after failed sign-ins lifted")),
    "user.deleted": Action(_l("User deleted"), _l("User %(subject)s deleted")),
    # access requests
    "access_request.filed": Action(_l("Request filed")),
    "access_request.original_received": Action(_l("Signed original received")),
    "access_request.rejected": Action(_l("Request rejected")),
    "access_request.credentials_issued": Action(_l("Provisional credentials issued")),
    "access_request.provisional_sign_in": Action(_l("Signed in with the provisional credentials")),
    "access_request.credentials_locked": Action(_l("Provisional credentials locked after 5 failed attempts")),
    "access_request.completed": Action(_l("Local administrator registered")),
    # STTS dossiers: the names are the steps of a dossier's history (db.dossiers.ActionKind)
    **{f"dossier.{kind}": Action(kind.label, phrase) for kind, phrase in DOSSIER_PHRASES.items()},
    "task.handled": Action(_l("Task handled"), _l("Task handled in the dossier of %(subject)s")),
    # not a change: the trace of a question to the eligibility source (domain.lookups)
    "eligibility.looked_up": Action(_l("Eligibility looked up")),
}
NAME_AND_SUBJECT = _l("%(action)s: %(subject)s")
UNKNOWN_ACTION = _l("Change '%(action)s'")


def action_name(code):
    """The short name of an action, in the current language; an unknown code is named as such."""
    action = ACTIONS.get(code)
    return str(action.name) if action else str(UNKNOWN_ACTION) % {"action": code}


@dataclass(frozen=True)
class Activity:
    at: datetime
    actor_name: str
    description: str


def recent_activity(enterprise, language, limit=5):
    """The enterprise's last `limit` changes, newest first, described in the page's language."""
    events = list(AuditEvent.feed_of_enterprise(enterprise).limit(limit))
    application_names = Application.names(language)
    return [Activity(e.at, e.actor_label, describe(e, application_names)) for e in events]


def describe(event, application_names=None):
    """One event as a phrase that names its subject."""
    subject = event.subject_name
    if event.action == "routing.changed":
        subject = (application_names or {}).get(event.change_dict.get("application"), subject)
    action = ACTIONS.get(event.action)
    if not subject:
        return action_name(event.action)
    if action and action.phrase:
        return typography.fill(action.phrase, subject=subject)
    return typography.fill(NAME_AND_SUBJECT, action=action_name(event.action), subject=subject)
