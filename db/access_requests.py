"""Access requests filed by operators, and the provisional credentials they lead to."""

import operator
from functools import reduce

from flask_babel import lazy_gettext as _l
from peewee import SQL, BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
from db.enterprises import Enterprise


class RequestStatus(CodeSet):
    SUBMITTED = "submitted", _l("Waiting for the signed original")
    ORIGINAL_RECEIVED = "original_received", _l("Original received")
    REJECTED = "rejected", _l("Rejected")
    CREDENTIALS_ISSUED = "credentials_issued", _l("Provisional credentials issued")
    COMPLETED = "completed", _l("Local administrator registered")

    @classmethod
    def to_handle(cls):
        """Waiting for the back office: the signed original, or the provisional credentials."""
        return (cls.SUBMITTED, cls.ORIGINAL_RECEIVED)


class Capacity(CodeSet):
    """How a person is tied to the enterprise (the manual's 'hoedanigheid')."""

    EMPLOYEE = "employee", _l("employee")
    DIRECTOR = "director", _l("director")
    MANAGER = "manager", _l("manager")
    PARTNER = "partner", _l("partner")

    @classmethod
    def signers(cls):
        """Only these may sign the request for the enterprise."""
        return (cls.DIRECTOR, cls.MANAGER, cls.PARTNER)


class RejectionReason(CodeSet):
    NOT_ORIGINAL = "not_original", _l("The form is not the signed original (fax, photocopy or e-mail)")
    SIGNER_NOT_AUTHORISED = "signer_not_authorised", _l("The signer is not a director, manager or partner")
    MISSING_PUBLICATION = ("missing_publication",
                           _l("The publication in the Belgian Official Gazette is missing"))


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
    # the enterprise's postal address: where the letter with the provisional credentials goes
    street = CharField(max_length=200, default="")
    postcode = CharField(max_length=4, default="")
    city = CharField(max_length=100, default="")
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
    # the back office's handling: decided = the signed original was received, or the request rejected
    submitted_at = DateTimeField(default=utcnow, index=True)
    decided_at = DateTimeField(null=True)
    decided_by = ForeignKeyField(Account, null=True, backref="decided_requests", on_delete="SET NULL")
    rejection_reason = CharField(max_length=32, null=True)
    rejection_note = TextField(null=True)
    # set by the form, unique: the same form posted twice files one request
    form_token = CharField(max_length=64, unique=True)

    class Meta:
        indexes = (
            # the back office's queue: one status (or a few), oldest first
            (("status", "submitted_at", "id"), False),
        )

    def __str__(self):
        return self.ticket

    @property
    def admin_full_name(self):
        return f"{self.admin_first_name} {self.admin_last_name}"

    @property
    def postal_address(self):
        """(street, "postcode city"), the lines of the address; () for a request filed without one."""
        if not (self.street or self.city):
            return ()
        return (self.street, f"{self.postcode} {self.city}".strip())

    @property
    def signer_full_name(self):
        return f"{self.signer_first_name} {self.signer_last_name}"

    @property
    def needs_publication(self):
        """A signer who does not work in the enterprise proves their capacity (Belgisch Staatsblad)."""
        return not self.signer_works_in_enterprise

    def latest_credential(self):
        """The provisional credentials issued last for this request, or None."""
        return self.credentials.order_by(ProvisionalCredential.issued_at.desc(),
                                         ProvisionalCredential.id.desc()).first()

    @classmethod
    def queue(cls, statuses=tuple(RequestStatus), ticket=None, kbo_number=None, rsz_number=None):
        """Requests in one of `statuses`, oldest first; only those with this ticket or number if given."""
        query = cls.select().where(cls.status.in_(list(statuses)))
        if ticket:
            query = query.where(cls.ticket == ticket)
        if kbo_number:
            query = query.where(cls.kbo_number == kbo_number)
        if rsz_number:
            query = query.where(cls.rsz_number == rsz_number)
        return query.order_by(cls.submitted_at, cls.id)

    @classmethod
    def by_ticket(cls, ticket):
        """The request with this (canonical) ticket number, or None."""
        return cls.get_or_none(cls.ticket == ticket)

    @classmethod
    def pending_for(cls, *, kbo_number=None, rsz_number=None):
        """The requests still on their way (not completed nor rejected) for an enterprise with this
        KBO or this RSZ number, the oldest first."""
        same = []
        if kbo_number:
            same.append(cls.kbo_number == kbo_number)
        if rsz_number:
            same.append(cls.rsz_number == rsz_number)
        if not same:
            return cls.select().where(SQL("1 = 0"))
        pending = (RequestStatus.SUBMITTED, RequestStatus.ORIGINAL_RECEIVED, RequestStatus.CREDENTIALS_ISSUED)
        return (cls.select().where(cls.status.in_(pending) & reduce(operator.or_, same))
                .order_by(cls.submitted_at, cls.id))

    @classmethod
    def by_form_token(cls, form_token):
        """The request filed by the form carrying this token, or None."""
        return cls.get_or_none(cls.form_token == form_token)


class ProvisionalCredential(BaseModel):
    """A provisional username and password: good once, for 'Maak een lokale beheerder' only."""

    access_request = ForeignKeyField(AccessRequest, backref="credentials", on_delete="CASCADE")
    username = CharField(max_length=50, unique=True)
    password_hash = CharField(max_length=255)
    issued_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    failed_logins = IntegerField(default=0)

    @classmethod
    def by_username(cls, username):
        """The credentials with this provisional username, or None."""
        return cls.get_or_none(cls.username == username)

    def is_expired(self, now):
        return self.expires_at <= now
