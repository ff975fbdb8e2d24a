"""Access requests filed by operators, and the provisional credentials they lead to."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from db.accounts import Account
from db.base import BaseModel
from db.enterprises import Enterprise
from domain.clock import utcnow


class RequestStatus:
    SUBMITTED = "submitted"
    ORIGINAL_RECEIVED = "original_received"
    REJECTED = "rejected"
    CREDENTIALS_ISSUED = "credentials_issued"
    COMPLETED = "completed"

    ALL = (SUBMITTED, ORIGINAL_RECEIVED, REJECTED, CREDENTIALS_ISSUED, COMPLETED)


class AccessRequest(BaseModel):
    """An operator's request for a local admin, as filed through the public form."""

    ticket = CharField(max_length=20, unique=True)
    status = CharField(max_length=24, default=RequestStatus.SUBMITTED, index=True)
    language = CharField(max_length=2, default="nl")
    # the enterprise, as given; linked to an Enterprise once known or created
    enterprise = ForeignKeyField(Enterprise, null=True, backref="access_requests", on_delete="SET NULL")
    kbo_number = CharField(max_length=10, null=True, index=True)
    rsz_number = CharField(max_length=9, null=True, index=True)
    enterprise_name = CharField(max_length=200)
    rsz_local_admin = BooleanField(default=True)
    replaces_local_admin = BooleanField(default=False)
    # the local admin to be
    admin_last_name = CharField(max_length=100)
    admin_first_name = CharField(max_length=100)
    admin_national_number = CharField(max_length=11)
    admin_capacity = CharField(max_length=16)
    admin_email = CharField(max_length=254)
    admin_phone = CharField(max_length=32, null=True)
    # the responsible who signs the form
    signer_last_name = CharField(max_length=100)
    signer_first_name = CharField(max_length=100)
    signer_national_number = CharField(max_length=11)
    signer_capacity = CharField(max_length=16)
    signer_email = CharField(max_length=254)
    signer_phone = CharField(max_length=32, null=True)
    signer_works_in_enterprise = BooleanField(default=True)
    # the back office's handling
    submitted_at = DateTimeField(default=utcnow, index=True)
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(Account, null=True, backref="decided_requests", on_delete="SET NULL")
    rejection_reason = CharField(max_length=32, null=True)
    rejection_note = TextField(null=True)
    # set by the form, unique: the same form posted twice files one request
    form_token = CharField(max_length=64, unique=True)


class ProvisionalCredential(BaseModel):
    """A provisional username and password: good once, for 'Maak een lokale beheerder' only."""

    access_request = ForeignKeyField(AccessRequest, backref="credentials", on_delete="CASCADE")
    username = CharField(max_length=50, unique=True)
    password_hash = CharField(max_length=255)
    issued_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    failed_logins = IntegerField(default=0)
