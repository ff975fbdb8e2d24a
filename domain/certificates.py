"""The enterprise's certificate for the structured-message channel: read, check, register, revoke.

Only the certificate (public data) is ever kept. A file holding a private key is refused whole:
a private key must never leave the enterprise.
"""

import re
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.base import database
from db.certificates import Certificate, CertificateStatus
from db.clock import utcnow
from db.codes import CodeSet
from domain import audit
from domain.refusals import NotAllowed, Refused, StaleData

MAX_BYTES = 64 * 1024
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
# the page warns this long before the certificate expires
EXPIRY_WARNING = timedelta(days=30)

_PEM_PRIVATE_KEY = re.compile(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
_PEM_ANY = re.compile(rb"-----BEGIN [A-Z0-9 ]+-----")


TOO_LARGE = _l("The file is larger than 64 KB. A certificate is only a few KB.")


class Outcome(CodeSet):
    """What registering a certificate did, and what the page says of it."""

    REGISTERED = "registered", _l("The certificate was registered.")
    REPLACED = "replaced", _l("The certificate was replaced.")
    UNCHANGED = "unchanged", _l("This certificate is registered already.")


# the form field every refusal of a certificate file is shown next to
FILE = "certificate_file"
NOT_YOURS = _l("This certificate is not your enterprise's.")


@dataclass(frozen=True)
class CertificateFacts:
    """What the page shows of a certificate, and what is stored."""

    subject: str
    issuer: str
    serial_number: str
    not_before: datetime
    not_after: datetime
    fingerprint: str
    key_description: str
    pem: str


def read_certificate(data, now=None):
    """The facts of the X.509 certificate in `data` (PEM or DER), or Refused."""
    if len(data) > MAX_BYTES:
        raise Refused(TOO_LARGE, FILE, status=413)
    if not data.strip():
        raise Refused(_l("The file is empty. Choose the file of your certificate."), FILE)
    if _holds_private_key(data):
        raise Refused(_l("This file holds a private key. Never send a private key: upload "
                         "only the certificate (a .crt, .cer or .pem file without the key)."), FILE)
    certificate = _load(data)
    _check_validity(certificate, now or utcnow())
    key_description = _check_key(certificate)
    _check_end_entity(certificate)
    return CertificateFacts(
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
        serial_number=f"{certificate.serial_number:X}".rjust(2, "0"),
        not_before=_naive_utc(certificate.not_valid_before_utc),
        not_after=_naive_utc(certificate.not_valid_after_utc),
        fingerprint=certificate.fingerprint(hashes.SHA256()).hex(),
        key_description=key_description,
        pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def register(actor, facts):
    """Make `facts` the actor's enterprise's active certificate, replacing the one before; audited.

    Returns (certificate, Outcome): registering the active certificate again changes nothing.
    """
    enterprise = actor.enterprise
    current = Certificate.current_of(enterprise)
    if current is not None and current.fingerprint == facts.fingerprint:
        return current, Outcome.UNCHANGED
    _refuse_revoked_or_taken(enterprise, facts.fingerprint)
    try:
        with database.atomic():
            if current is not None:
                _end(current, CertificateStatus.REPLACED, actor)
            certificate = Certificate.create(
                enterprise=enterprise, registered_by=actor.account, registered_by_name=actor.name,
                **asdict(facts),
            )
            outcome = Outcome.REPLACED if current else Outcome.REGISTERED
            changes = {"fingerprint": [current.fingerprint if current else None, facts.fingerprint],
                       "subject": facts.subject, "not_after": facts.not_after}
            audit.record(actor, f"certificate.{outcome}", subject=certificate, changes=changes)
    except IntegrityError as error:
        # another upload for this enterprise won the race (one active certificate per enterprise)
        raise StaleData() from error
    return certificate, outcome


def revoke(actor, certificate):
    """Stop using the enterprise's active certificate; audited. False when it was revoked already."""
    if certificate.enterprise_id != getattr(actor.enterprise, "id", None):
        raise NotAllowed(NOT_YOURS)
    if certificate.status == CertificateStatus.REVOKED:
        return False
    with database.atomic():
        if not _end(certificate, CertificateStatus.REVOKED, actor):
            raise StaleData(_l("This certificate is no longer the active one: it was replaced in the "
                               "meantime."))
        audit.record(actor, "certificate.revoked", subject=certificate,
                     changes={"fingerprint": certificate.fingerprint, "subject": certificate.subject})
    return True


def usable_certificate(enterprise, now=None):
    """The enterprise's active certificate when it is valid now, else None."""
    certificate = Certificate.current_of(enterprise)
    if certificate is not None and certificate.is_valid_at(now or utcnow()):
        return certificate
    return None


def expires_soon(certificate, now=None):
    """True when the certificate expires within EXPIRY_WARNING (or has expired)."""
    return certificate.not_after - (now or utcnow()) < EXPIRY_WARNING


def _holds_private_key(data):
    if _PEM_PRIVATE_KEY.search(data):
        return True
    if _PEM_ANY.search(data):
        return False
    try:
        serialization.load_der_private_key(data, password=None)
    except TypeError:
        return True  # an encrypted private key: still a private key
    except (ValueError, UnsupportedAlgorithm):
        return False
    return True


def _load(data):
    not_a_certificate = Refused(
        _l("This file is not an X.509 certificate. Upload the certificate as a PEM or DER file."), FILE)
    try:
        if _PEM_ANY.search(data):
            certificates = x509.load_pem_x509_certificates(data)
        else:
            certificates = [x509.load_der_x509_certificate(data)]
    except ValueError as error:
        raise not_a_certificate from error
    if len(certificates) > 1:
        raise Refused(_l("This file holds %(count)d certificates. Upload only your "
                         "enterprise's own certificate.", count=len(certificates)), FILE)
    return certificates[0]


def _check_validity(certificate, now):
    if _naive_utc(certificate.not_valid_before_utc) > now:
        raise Refused(_l("This certificate is not valid yet: it is valid from %(date)s.",
                         date=certificate.not_valid_before_utc.strftime("%d/%m/%Y")), FILE)
    if _naive_utc(certificate.not_valid_after_utc) < now:
        raise Refused(_l("This certificate has expired: it was valid until %(date)s.",
                         date=certificate.not_valid_after_utc.strftime("%d/%m/%Y")), FILE)


def _check_key(certificate):
    try:
        key = certificate.public_key()
    except (ValueError, UnsupportedAlgorithm):
        key = None
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise Refused(_l("The certificate's RSA key has %(bits)d bits; at least %(minimum)d "
                             "are needed.", bits=key.key_size, minimum=MIN_RSA_BITS), FILE)
        return f"RSA {key.key_size}"
    if isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.key_size < MIN_EC_BITS:
            raise Refused(_l("The certificate's EC key has %(bits)d bits; at least %(minimum)d "
                             "are needed.", bits=key.curve.key_size, minimum=MIN_EC_BITS), FILE)
        return f"EC {key.curve.key_size} ({key.curve.name})"
    if isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        return "Ed25519" if isinstance(key, ed25519.Ed25519PublicKey) else "Ed448"
    raise Refused(_l("The certificate's key type is not supported. Use an RSA (2048 bits or "
                     "more) or EC (256 bits or more) key."), FILE)


def _check_end_entity(certificate):
    try:
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return
    except ValueError as error:
        raise Refused(_l("This certificate cannot be read: one of its extensions is "
                         "malformed."), FILE) from error
    if constraints.ca:
        raise Refused(_l("This is a certificate authority's certificate. Upload your "
                         "enterprise's own certificate."), FILE)


def _refuse_revoked_or_taken(enterprise, fingerprint):
    revoked = Certificate.of_enterprise(enterprise).where(
        (Certificate.fingerprint == fingerprint) & (Certificate.status == CertificateStatus.REVOKED))
    if revoked.exists():
        raise Refused(_l("This certificate was revoked. A revoked certificate cannot be "
                         "registered again."), FILE)
    if Certificate.active_with_fingerprint(fingerprint).where(Certificate.enterprise != enterprise).exists():
        raise Refused(_l("This certificate is registered for another enterprise."), FILE)


def _end(certificate, status, actor):
    """Mark an active certificate replaced or revoked; False when it was not active any more."""
    now = utcnow()
    ended = (
        Certificate.update(status=status, ended_at=now, ended_by=actor.account, ended_by_name=actor.name)
        .where((Certificate.id == certificate.id) & (Certificate.status == CertificateStatus.ACTIVE))
        .execute()
    )
    if ended:
        certificate.status, certificate.ended_at = status, now
    return bool(ended)


def _naive_utc(moment):
    return moment.astimezone(UTC).replace(tzinfo=None)
