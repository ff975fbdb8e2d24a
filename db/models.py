"""Every model, in the order their tables are created."""

from db.access_requests import AccessRequest, ProvisionalCredential, RequestStatus
from db.accounts import Account, AccountApplication, AccountTerm, Role
from db.applications import STTS, Application
from db.audit import AuditEvent
from db.certificates import Certificate, CertificateChallenge, CertificateStatus
from db.dossiers import Dossier, DossierAction, DossierTerm, Task
from db.eligibility import RegisterEntry
from db.enterprises import Enterprise, EnterpriseGeneration
from db.exchange import Authentication, ExchangeApplication, ExchangeRegistration
from db.form_tokens import SpentFormToken
from db.messages import MessageRecord, ReceivedMessage
from db.routing import Destination, RoutingRule, TaskNotice
from db.second_factor import Invitation, RecoveryCode, SecondFactor
from db.session_endings import EndedSession
from db.sessions import AccountSession, SignInFailure

ALL_MODELS = [
    Enterprise,
    EnterpriseGeneration,
    Application,
    Account,
    AccountApplication,
    AccountTerm,
    AccessRequest,
    ProvisionalCredential,
    AccountSession,
    EndedSession,
    SignInFailure,
    SecondFactor,
    RecoveryCode,
    Invitation,
    SpentFormToken,
    AuditEvent,
    Certificate,
    CertificateChallenge,
    RoutingRule,
    ExchangeRegistration,
    ExchangeApplication,
    RegisterEntry,
    Dossier,
    DossierTerm,
    DossierAction,
    Task,
    TaskNotice,
    ReceivedMessage,
    MessageRecord,
]

__all__ = [
    "ALL_MODELS",
    "STTS",
    "AccessRequest",
    "Account",
    "AccountSession",
    "EndedSession",
    "AccountApplication",
    "AccountTerm",
    "Application",
    "AuditEvent",
    "Invitation",
    "RecoveryCode",
    "SecondFactor",
    "SpentFormToken",
    "Authentication",
    "Certificate",
    "CertificateChallenge",
    "CertificateStatus",
    "Destination",
    "Dossier",
    "DossierAction",
    "DossierTerm",
    "Enterprise",
    "EnterpriseGeneration",
    "ExchangeApplication",
    "ExchangeRegistration",
    "ProvisionalCredential",
    "RegisterEntry",
    "RequestStatus",
    "Role",
    "RoutingRule",
    "SignInFailure",
    "MessageRecord",
    "ReceivedMessage",
    "Task",
    "TaskNotice",
]
