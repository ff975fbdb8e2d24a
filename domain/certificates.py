"""The enterprise's certificate for the structured-message channel: read, check, register, revoke.

Only the certificate (public data) is ever kept. The file must hold exactly one certificate and
nothing else: a file holding a private key (PEM, DER, or a key's bare base64 body) is refused
whole, since a private key must never leave the enterprise.

Registering needs proof of possession: the page shows a challenge (random, single use, bound to the
enterprise, valid CHALLENGE_LIFETIME) and the local admin uploads its signature made with the key.
So nobody can register another enterprise's public certificate. An enterprise that proves it holds
the key may register the certificate even when another enterprise has it registered: that other
registration ends (it is marked replaced, and audited on the other enterprise's side), since the
channel finds the sender by the certificate and two enterprises must never share one. A refusal
never says whether another enterprise registered a certificate.
"""

import base64
import binascii
import contextlib
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from flask_babel import lazy_gettext as _l
from peewee import IntegrityError

from db.audit import System
from db.base import database
from db.certificates import Certificate, CertificateChallenge, CertificateStatus
from db.clock import utcnow
from db.codes import CodeSet
from domain import audit, formats
from domain.actors import Actor
from domain.refusals import NotAllowed, Refused, StaleData

MAX_BYTES = 64 * 1024
MIN_RSA_BITS = 2048
MIN_EC_BITS = 256
# the page warns this long before the certificate expires
EXPIRY_WARNING = timedelta(days=30)

_PEM_PRIVATE_KEY = re.compile(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----")
_PEM_ANY = re.compile(rb"-----BEGIN [A-Z0-9 ]+-----")
# one PEM block: its label, and everything up to its END line
_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----.*?-----END \1-----", re.DOTALL)
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=\s]+")

CHALLENGE_LIFETIME = timedelta(hours=1)
CHALLENGE_PREFIX = "stts-certificate-challenge"
# the signature file: raw (openssl dgst -sign), or that in base64 (openssl base64); a few hundred bytes
MAX_SIGNATURE_BYTES = 4096


TOO_LARGE = _l("The file is larger than 64 KB. A certificate is only a few KB.")


class Outcome(CodeSet):
    """What registering a certificate did, and what the page says of it."""

    REGISTERED = "registered", _l("The certificate was registered.")
    REPLACED = "replaced", _l("The certificate was replaced.")
    UNCHANGED = "unchanged", _l("This certificate is registered already.")


# the form field every refusal of a certificate file is shown next to
FILE = "certificate_file"
SIGNATURE_FILE = "signature_file"
NOT_YOURS = _l("This certificate is not your enterprise's.")
PRIVATE_KEY = _l("This file holds a private key. Never send a private key: upload "
                 "only the certificate (a .crt, .cer or .pem file without the key).")
NOT_ONLY_A_CERTIFICATE = _l("This file holds something besides the certificate. Upload a file with "
                            "only your enterprise's certificate (one PEM block, or DER).")
NO_SIGNATURE = _l("Choose the file with the signature of the challenge (signature.bin).")
BAD_SIGNATURE = _l("The signature does not match this certificate and the challenge shown on this page. "
                   "Sign the challenge with the private key of this certificate, as shown.")
CHALLENGE_EXPIRED = _l("The challenge has expired or was used already. Sign the new challenge shown "
                       "on this page.")


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
        raise Refused(PRIVATE_KEY, FILE)
    certificate = _load(_only_the_certificate(data))
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


def challenge_for(enterprise, now=None):
    """The enterprise's open challenge (made when there is none): the text to sign, for the page."""
    now = now or utcnow()
    challenge = CertificateChallenge.open_of(enterprise, now).first()
    if challenge is None:
        challenge = CertificateChallenge.create(
            enterprise=enterprise, nonce=f"{CHALLENGE_PREFIX}:{secrets.token_urlsafe(32)}",
            created_at=now, expires_at=now + CHALLENGE_LIFETIME)
    return challenge


def register(actor, facts, *, nonce=None, signature=None, proven=False):
    """Make `facts` the actor's enterprise's active certificate, replacing the one before; audited.

    The actor proves it holds the key: `signature` of the challenge `nonce` (challenge_for), made with
    the certificate's private key; the challenge is spent. `proven` is for a caller that has proved
    it otherwise (the command line of the operator of this service, the tests' fixtures).
    Returns (certificate, Outcome): registering the active certificate again changes nothing.
    """
    enterprise = actor.enterprise
    current = Certificate.current_of(enterprise)
    if current is not None and current.fingerprint == facts.fingerprint:
        return current, Outcome.UNCHANGED
    _refuse_revoked(enterprise, facts.fingerprint)
    challenge = None if proven else _proven_challenge(enterprise, facts, nonce, signature)
    try:
        with database.atomic():
            if challenge is not None and not _spend(challenge):
                raise Refused(CHALLENGE_EXPIRED, SIGNATURE_FILE)
            _end_elsewhere(actor, facts.fingerprint)
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


def _only_the_certificate(data):
    """`data` when it is one DER certificate or exactly one PEM CERTIFICATE block with nothing but
    white space around it; Refused otherwise (a key after the certificate, a second block, text)."""
    if not _PEM_ANY.search(data):
        return data  # DER: _load refuses anything that is not exactly one certificate
    blocks = list(_PEM_BLOCK.finditer(data))
    labels = [block.group(1) for block in blocks]
    if len(labels) > 1 and all(label == b"CERTIFICATE" for label in labels):
        raise Refused(_l("This file holds %(count)d certificates. Upload only your "
                         "enterprise's own certificate.", count=len(labels)), FILE)
    if labels != [b"CERTIFICATE"]:
        raise Refused(NOT_ONLY_A_CERTIFICATE, FILE)
    rest = (data[:blocks[0].start()] + data[blocks[0].end():]).strip()
    if rest:
        raise Refused(PRIVATE_KEY if _is_private_key(rest) else NOT_ONLY_A_CERTIFICATE, FILE)
    return data


def _is_private_key(data):
    """True when `data` is a private key in DER, or a key's base64 body without its BEGIN/END lines."""
    for candidate in _as_is_and_decoded(data):
        try:
            serialization.load_der_private_key(candidate, password=None)
        except TypeError:
            return True  # an encrypted private key: still a private key
        except (ValueError, UnsupportedAlgorithm):
            continue
        return True
    return False


def _as_is_and_decoded(data):
    """`data`, and what it decodes to when it is base64 text."""
    if _BASE64_TEXT.fullmatch(data):
        with contextlib.suppress(binascii.Error, ValueError):
            return [data, base64.b64decode(b"".join(data.split()), validate=True)]
    return [data]


def _proven_challenge(enterprise, facts, nonce, signature):
    """The enterprise's open challenge `nonce` when `signature` is its signature by the certificate's
    key; Refused next to the signature file otherwise."""
    if not signature:
        raise Refused(NO_SIGNATURE, SIGNATURE_FILE)
    challenge = CertificateChallenge.open_of(enterprise, utcnow()).where(
        CertificateChallenge.nonce == (nonce or "")).first()
    if challenge is None:
        raise Refused(CHALLENGE_EXPIRED, SIGNATURE_FILE)
    if not verify_signature(facts.pem, challenge.nonce.encode("ascii"), signature):
        raise Refused(BAD_SIGNATURE, SIGNATURE_FILE)
    return challenge


def verify_signature(certificate_pem, data, signature):
    """True when `signature` (raw, or in base64) is the signature of `data` by the key of the
    certificate: RSA PKCS#1 v1.5 or ECDSA with SHA-256 (`openssl dgst -sha256 -sign`), or Ed25519/Ed448
    (`openssl pkeyutl -sign -rawin`)."""
    key = x509.load_pem_x509_certificate(certificate_pem.encode("ascii")).public_key()
    for candidate in _as_is_and_decoded(signature):
        try:
            if isinstance(key, rsa.RSAPublicKey):
                key.verify(candidate, data, padding.PKCS1v15(), hashes.SHA256())
            elif isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(candidate, data, ec.ECDSA(hashes.SHA256()))
            elif isinstance(key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
                key.verify(candidate, data)
            else:
                return False
        except (InvalidSignature, ValueError):
            continue
        return True
    return False


def _spend(challenge):
    return bool(CertificateChallenge.update(used_at=utcnow())
                .where((CertificateChallenge.id == challenge.id) & CertificateChallenge.used_at.is_null())
                .execute())


def _end_elsewhere(actor, fingerprint):
    """End another enterprise's active registration of this certificate: the actor proved it holds
    the key. Audited for that enterprise; the actor is not told."""
    for other in Certificate.active_with_fingerprint(fingerprint).where(
            Certificate.enterprise != actor.enterprise):
        # the service acts (no name of the other enterprise's person in this one's history)
        service = Actor.of_system(System.STRUCTURED_MESSAGES, enterprise=other.enterprise)
        if _end(other, CertificateStatus.REPLACED, service):
            audit.record(service, "certificate.superseded", subject=other,
                         changes={"fingerprint": other.fingerprint, "subject": other.subject})


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
                         date=formats.day(_naive_utc(certificate.not_valid_before_utc))), FILE)
    if _naive_utc(certificate.not_valid_after_utc) < now:
        raise Refused(_l("This certificate has expired: it was valid until %(date)s.",
                         date=formats.day(_naive_utc(certificate.not_valid_after_utc))), FILE)


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


def _refuse_revoked(enterprise, fingerprint):
    revoked = Certificate.of_enterprise(enterprise).where(
        (Certificate.fingerprint == fingerprint) & (Certificate.status == CertificateStatus.REVOKED))
    if revoked.exists():
        raise Refused(_l("This certificate was revoked. A revoked certificate cannot be "
                         "registered again."), FILE)


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
