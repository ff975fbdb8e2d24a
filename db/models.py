"""Every model, in the order their tables are created."""

from db.access_requests import AccessRequest, ProvisionalCredential, RequestStatus
from db.accounts import Account, AccountApplication, Role
from db.applications import STTS, Application
from db.audit import AuditEvent
from db.enterprises import Enterprise

ALL_MODELS = [
    Enterprise,
    Application,
    Account,
    AccountApplication,
    AccessRequest,
    ProvisionalCredential,
    AuditEvent,
]

__all__ = [
    "ALL_MODELS",
    "STTS",
    "AccessRequest",
    "Account",
    "AccountApplication",
    "Application",
    "AuditEvent",
    "Enterprise",
    "ProvisionalCredential",
    "RequestStatus",
    "Role",
]
