"""The enterprise's certificates for the structured-message channel, with their history."""

from flask_babel import lazy_gettext as _l
from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
from db.enterprises import Enterprise


class CertificateStatus(CodeSet):
    ACTIVE = "active", _l("active")
    REPLACED = "replaced", _l("replaced")
    REVOKED = "revoked", _l("revoked")


class Certificate(BaseModel):
    """One X.509 certificate an enterprise registered; rows stay when it is replaced or revoked."""

    enterprise = ForeignKeyField(Enterprise, backref="certificates", on_delete="CASCADE")
    status = CharField(max_length=16, default=CertificateStatus.ACTIVE)
    subject = TextField()
    issuer = TextField()
    serial_number = CharField(max_length=64)
    not_before = DateTimeField()
    not_after = DateTimeField()
    # SHA-256 of the DER encoding, 64 lower-case hex digits
    fingerprint = CharField(max_length=64, index=True)
    key_description = CharField(max_length=40)
    # the certificate itself (public data), for the structured-message channel
    pem = TextField()
    registered_at = DateTimeField(default=utcnow)
    registered_by = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    registered_by_name = CharField(max_length=210, default="")
    # when and by whom it was replaced or revoked
    ended_at = DateTimeField(null=True)
    ended_by = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    ended_by_name = CharField(max_length=210, default="")

    class Meta:
        indexes = ((("enterprise", "registered_at"), False),)

    def __str__(self):
        return self.subject

    @property
    def is_active(self):
        return self.status == CertificateStatus.ACTIVE

    @property
    def fingerprint_text(self):
        """The fingerprint as certificate tools show it: 'AB:12:…'."""
        upper = self.fingerprint.upper()
        return ":".join(upper[i:i + 2] for i in range(0, len(upper), 2))

    def is_valid_at(self, moment):
        """True when `moment` (naive UTC) lies within the validity period."""
        return self.not_before <= moment <= self.not_after

    @classmethod
    def of_enterprise(cls, enterprise):
        """The enterprise's certificates, newest first: the start of every certificate query."""
        return (
            cls.select()
            .where(cls.enterprise == enterprise)
            .order_by(cls.registered_at.desc(), cls.id.desc())
        )

    @classmethod
    def current_of(cls, enterprise):
        """The enterprise's active certificate, or None."""
        return cls.of_enterprise(enterprise).where(cls.status == CertificateStatus.ACTIVE).first()

    @classmethod
    def active_with_fingerprint(cls, fingerprint):
        """Active certificates with this fingerprint, in any enterprise."""
        return cls.select().where((cls.fingerprint == fingerprint) & (cls.status == CertificateStatus.ACTIVE))


# at most one active certificate per enterprise, even when two uploads race
Certificate.add_index(
    Certificate.enterprise, unique=True, where=(Certificate.status == CertificateStatus.ACTIVE),
    name="certificate_one_active_per_enterprise",
)


class CertificateChallenge(BaseModel):
    """A random text an enterprise signs with its certificate's key to prove it holds the key:
    single use, bound to the enterprise, expiring (domain.certificates.challenge_for)."""

    enterprise = ForeignKeyField(Enterprise, backref="+", on_delete="CASCADE")
    nonce = CharField(max_length=80, unique=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)

    class Meta:
        table_name = "certificate_challenge"
        indexes = ((("enterprise", "created_at"), False),)

    @classmethod
    def open_of(cls, enterprise, now):
        """The enterprise's challenges still usable at `now`, newest first."""
        return (cls.select()
                .where((cls.enterprise == enterprise) & cls.used_at.is_null() & (cls.expires_at > now))
                .order_by(cls.created_at.desc(), cls.id.desc()))


# one active registration of a certificate in the whole service: the channel finds the sender by
# the certificate's fingerprint, so two enterprises must never share an active one
Certificate.add_index(
    Certificate.fingerprint, unique=True, where=(Certificate.status == CertificateStatus.ACTIVE),
    name="certificate_one_active_per_fingerprint",
)
