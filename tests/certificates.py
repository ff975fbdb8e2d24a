"""X.509 certificates made on the spot with `cryptography`, for the certificate tests."""

from datetime import UTC, datetime, timedelta
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.x509.oid import NameOID


@cache
def private_key(kind="rsa2048"):
    """A key of `kind`: rsa1024, rsa2048, ec224, ec256, ed25519 or dsa1024 (made once per run)."""
    if kind.startswith("rsa"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(kind[3:]))
    if kind == "ec224":
        return ec.generate_private_key(ec.SECP224R1())
    if kind == "ec256":
        return ec.generate_private_key(ec.SECP256R1())
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if kind == "dsa1024":
        return dsa.generate_private_key(key_size=1024)
    raise ValueError(kind)


def make_certificate(name="BUCOM NL", kind="rsa2048", valid_from=-1, valid_days=365, ca=False, serial=None):
    """A self-signed certificate valid from `valid_from` days from now, for `valid_days` days."""
    key = private_key(kind)
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "BE"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
                         x509.NameAttribute(NameOID.COMMON_NAME, f"{name} XML")])
    start = datetime.now(UTC) + timedelta(days=valid_from)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=valid_days))
    )
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    algorithm = None if kind == "ed25519" else hashes.SHA256()
    return builder.sign(key, algorithm)


def pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


def der(certificate):
    return certificate.public_bytes(serialization.Encoding.DER)


def private_key_pem(kind="rsa2048"):
    return private_key(kind).private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption())


def private_key_der(kind="rsa2048"):
    return private_key(kind).private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption())


def fingerprint(certificate):
    return certificate.fingerprint(hashes.SHA256()).hex()
