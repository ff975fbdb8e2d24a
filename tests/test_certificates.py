"""'Beheer van certificaat': upload, show, replace and revoke the enterprise's certificate."""

import base64
import io
import re
from dataclasses import asdict
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding

from db.accounts import Role
from db.audit import AuditEvent
from db.certificates import Certificate, CertificateChallenge, CertificateStatus
from db.clock import utcnow
from domain import certificates
from domain.certificates import Outcome, read_certificate
from domain.refusals import Refused
from tests.certificates import (
    der,
    fingerprint,
    make_certificate,
    pem,
    private_key,
    private_key_der,
    private_key_pem,
)
from tests.factories import act, admin_of, make_account, make_enterprise
from tests.helpers import text

# -- reading a file (domain) ------------------------------------------------------------------------


@pytest.mark.parametrize("encode", [pem, der])
def test_a_certificate_is_read_from_pem_and_from_der(encode):
    certificate = make_certificate(serial=0xBEEF)
    facts = read_certificate(encode(certificate))
    assert facts.subject == "CN=BUCOM NL XML,O=BUCOM NL,C=BE"
    assert facts.issuer == facts.subject
    assert facts.serial_number == "BEEF"
    assert facts.fingerprint == fingerprint(certificate)
    assert facts.key_description == "RSA 2048"
    assert facts.not_after - facts.not_before == timedelta(days=365)
    assert facts.pem.startswith("-----BEGIN CERTIFICATE-----")


@pytest.mark.parametrize(("kind", "described"), [("ec256", "EC 256 (secp256r1)"), ("ed25519", "Ed25519")])
def test_ec_and_edwards_keys_are_accepted(kind, described):
    assert read_certificate(pem(make_certificate(kind=kind))).key_description == described


def _base64_body(pem_bytes):
    return b"".join(line for line in pem_bytes.splitlines(keepends=True) if not line.startswith(b"-----"))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (lambda: pem(make_certificate()) + private_key_der(), "private sleutel"),
        (lambda: pem(make_certificate()) + b"\n" + _base64_body(private_key_pem()), "private sleutel"),
        (lambda: _base64_body(private_key_pem()), "geen X.509-certificaat"),
        (lambda: pem(make_certificate()) + b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
         "iets anders dan het certificaat"),
        (lambda: b"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n" + pem(make_certificate()),
         "iets anders dan het certificaat"),
        (lambda: b"Bag Attributes: x\n" + pem(make_certificate()), "iets anders dan het certificaat"),
        (lambda: der(make_certificate()) + private_key_der(), "geen X.509-certificaat"),
        (lambda: der(make_certificate()) + b"\x00", "geen X.509-certificaat"),
    ],
    ids=["pem-then-der-key", "pem-then-key-body", "key-body", "pem-then-public-key", "crl-then-pem",
         "text-then-pem", "der-then-der-key", "der-then-a-byte"],
)
def test_a_file_with_anything_besides_one_certificate_is_refused(app, data, says):
    with pytest.raises(Refused) as refusal:
        read_certificate(data())
    assert refusal.value.field == "certificate_file"
    from flask_babel import force_locale
    with app.test_request_context(), force_locale("nl"):
        assert says in str(refusal.value.message)


def test_a_pem_certificate_with_white_space_around_it_is_fine():
    assert read_certificate(b"\n\n" + pem(make_certificate()) + b"\n\n  \n").key_description == "RSA 2048"


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (lambda: b"", 422),
        (lambda: b"hello, I am not a certificate", 422),
        (lambda: b"-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n", 422),
        (lambda: private_key_pem(), 422),
        (lambda: private_key_der(), 422),
        (lambda: pem(make_certificate()) + private_key_pem(), 422),
        (lambda: pem(make_certificate()) + pem(make_certificate(name="OTHER")), 422),
        (lambda: pem(make_certificate(valid_from=-400, valid_days=30)), 422),
        (lambda: pem(make_certificate(valid_from=10)), 422),
        (lambda: pem(make_certificate(kind="rsa1024")), 422),
        (lambda: pem(make_certificate(kind="ec224")), 422),
        (lambda: pem(make_certificate(kind="dsa1024")), 422),
        (lambda: pem(make_certificate(ca=True)), 422),
        (lambda: b"x" * (64 * 1024 + 1), 413),
    ],
    ids=["empty", "text", "bad-pem", "key-pem", "key-der", "cert-and-key", "two-certs", "expired",
         "not-yet-valid", "rsa1024", "ec224", "dsa", "ca", "too-large"],
)
def test_files_that_are_not_a_usable_certificate_are_refused(data, status):
    with pytest.raises(Refused) as refusal:
        read_certificate(data())
    assert refusal.value.status == status
    assert refusal.value.field == "certificate_file"


# -- registering (domain) -----------------------------------------------------------------------------


@pytest.fixture
def enterprise(app):
    return make_enterprise(name="BUCOM NL")


@pytest.fixture
def admin(enterprise):
    return make_account(enterprise, role=Role.LOCAL_ADMIN, username="els.janssens",
                        first_name="Els", last_name="Janssens")


def test_registering_replacing_and_registering_again(enterprise, admin):
    first, second = make_certificate(), make_certificate(name="BUCOM NL 2")
    registered, outcome = certificates.register(act(admin), read_certificate(pem(first)), proven=True)
    assert outcome == Outcome.REGISTERED
    assert registered.registered_by_name == "Els Janssens (els.janssens)"

    replacing, outcome = certificates.register(act(admin), read_certificate(pem(second)), proven=True)
    assert outcome == Outcome.REPLACED
    assert Certificate.get_by_id(registered.id).status == CertificateStatus.REPLACED
    assert Certificate.current_of(enterprise).id == replacing.id

    again, outcome = certificates.register(act(admin), read_certificate(der(second)), proven=True)
    assert (again.id, outcome) == (replacing.id, Outcome.UNCHANGED)
    assert Certificate.of_enterprise(enterprise).count() == 2


def test_one_active_certificate_per_enterprise_even_when_two_uploads_race(enterprise):
    facts = read_certificate(pem(make_certificate()))
    Certificate.create(enterprise=enterprise, **asdict(facts))
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        other = read_certificate(pem(make_certificate(name="X")))
        Certificate.create(enterprise=enterprise, **asdict(other))


@pytest.mark.parametrize("kind", ["rsa2048", "ec256", "ed25519"])
def test_registering_needs_the_signature_of_the_challenge_by_the_certificates_key(enterprise, admin, kind):
    facts = read_certificate(pem(make_certificate(kind=kind)))
    challenge = certificates.challenge_for(enterprise)
    with pytest.raises(Refused) as refusal:
        certificates.register(act(admin), facts, nonce=challenge.nonce, signature=b"")
    assert refusal.value.field == "signature_file"
    wrong_key = "ec256" if kind != "ec256" else "rsa2048"
    with pytest.raises(Refused):
        certificates.register(act(admin), facts, nonce=challenge.nonce,
                              signature=signature_of(challenge.nonce, wrong_key))
    with pytest.raises(Refused):
        certificates.register(act(admin), facts, nonce=challenge.nonce,
                              signature=signature_of("other text", kind))
    signature = signature_of(challenge.nonce, kind)
    registered, outcome = certificates.register(act(admin), facts, nonce=challenge.nonce,
                                                signature=base64.b64encode(signature) if kind == "ec256"
                                                else signature)
    assert outcome == Outcome.REGISTERED
    assert CertificateChallenge.get_by_id(challenge.id).used_at is not None


def test_a_challenge_works_once_for_its_enterprise_until_it_expires(enterprise, admin, clock):
    facts = read_certificate(pem(make_certificate()))
    other = make_enterprise(name="OTHER")
    theirs = certificates.challenge_for(other)
    with pytest.raises(Refused):  # another enterprise's challenge
        certificates.register(act(admin), facts, nonce=theirs.nonce, signature=signature_of(theirs.nonce))
    challenge = certificates.challenge_for(enterprise)
    assert certificates.challenge_for(enterprise).id == challenge.id  # the page shows the same one
    clock.travel(hours=1, minutes=1)
    with pytest.raises(Refused):
        certificates.register(act(admin), facts, nonce=challenge.nonce,
                              signature=signature_of(challenge.nonce))
    fresh = certificates.challenge_for(enterprise)
    assert fresh.nonce != challenge.nonce and len(fresh.nonce) > 40
    certificates.register(act(admin), facts, nonce=fresh.nonce, signature=signature_of(fresh.nonce))
    second = read_certificate(pem(make_certificate(name="SECOND")))
    with pytest.raises(Refused):  # spent
        certificates.register(act(admin), second, nonce=fresh.nonce, signature=signature_of(fresh.nonce))


def test_expiry_warning(enterprise):
    certificate, _ = certificates.register(
        admin_of(enterprise), read_certificate(pem(make_certificate(valid_from=-300, valid_days=310))),
        proven=True)
    assert certificates.expires_soon(certificate)
    assert not certificates.expires_soon(certificate, now=utcnow() - timedelta(days=60))


# -- the page ---------------------------------------------------------------------------------------------


CHALLENGE = re.compile(r"stts-certificate-challenge:[A-Za-z0-9_-]+")


def signature_of(text, kind="rsa2048"):
    """What `openssl dgst -sha256 -sign key.pem` makes of `text` (or pkeyutl for Ed25519)."""
    key = private_key(kind)
    if kind.startswith("rsa"):
        return key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
    if kind.startswith("ec"):
        return key.sign(text.encode(), ec.ECDSA(hashes.SHA256()))
    return key.sign(text.encode())


def upload(client, data, filename="bucom.pem", kind="rsa2048", signature=None, **headers):
    """Upload the certificate `data` as the page asks: with the signature of the page's challenge
    made with the key of `kind` (the key every test certificate of that kind has)."""
    shown = CHALLENGE.search(client.get("/account/certificate").get_data(as_text=True))
    challenge = shown.group(0) if shown else "none shown"
    signed = signature_of(challenge, kind) if signature is None else signature
    return client.post("/account/certificate", headers=headers, content_type="multipart/form-data",
                       data={"certificate_file": (io.BytesIO(data), filename), "challenge": challenge,
                             "signature_file": (io.BytesIO(signed), "signature.bin")})


@pytest.fixture
def signed_in(client, auth, admin):
    auth.login("els.janssens")
    return client


def test_the_page_says_there_is_no_certificate_yet(signed_in):
    page = text(signed_in.get("/account/certificate"))
    assert "<h1>Beheer van certificaat</h1>" in page
    assert "Uw onderneming heeft geen geregistreerd certificaat." in page
    assert 'enctype="multipart/form-data"' in page and 'hx-encoding="multipart/form-data"' in page


def test_uploading_a_certificate_registers_it_and_shows_what_it_says(signed_in, enterprise, admin):
    certificate = make_certificate(serial=0xC0FFEE)
    response = upload(signed_in, pem(certificate))
    assert response.status_code == 303
    page = text(signed_in.get(response.headers["Location"]))
    assert "Het certificaat werd geregistreerd." in page
    assert "CN=BUCOM NL XML,O=BUCOM NL,C=BE" in page
    assert "C0FFEE" in page
    assert fingerprint(certificate).upper()[:2] + ":" + fingerprint(certificate).upper()[2:4] in page
    assert "RSA 2048" in page
    assert Certificate.current_of(enterprise).fingerprint == fingerprint(certificate)
    event = AuditEvent.of_enterprise(enterprise).get()
    assert (event.action, event.actor_id) == ("certificate.registered", admin.id)
    assert event.change_dict["fingerprint"] == [None, fingerprint(certificate)]


def test_a_der_file_works_too(signed_in, enterprise):
    assert upload(signed_in, der(make_certificate()), "bucom.cer").status_code == 303
    assert Certificate.current_of(enterprise) is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (lambda: private_key_pem(), "Dit bestand bevat een private sleutel."),
        (lambda: b"not a certificate", "Dit bestand is geen X.509-certificaat."),
        (lambda: pem(make_certificate(valid_from=-400, valid_days=30)), "Dit certificaat is verlopen"),
        (lambda: pem(make_certificate(valid_from=5)), "Dit certificaat is nog niet geldig"),
        (lambda: pem(make_certificate(kind="rsa1024")), "De RSA-sleutel van het certificaat telt 1024 bits"),
        (lambda: pem(make_certificate(kind="ec224")), "De EC-sleutel van het certificaat telt 224 bits"),
    ],
    ids=["private-key", "garbage", "expired", "not-yet-valid", "rsa1024", "ec224"],
)
def test_a_refused_file_says_why_next_to_the_field_and_changes_nothing(signed_in, enterprise, data, message):
    response = upload(signed_in, data())
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert 'id="certificate_file-error"' in page
    assert 'aria-invalid="true"' in page
    assert Certificate.of_enterprise(enterprise).count() == 0
    assert not AuditEvent.of_enterprise(enterprise).exists()


def test_the_refusal_speaks_the_users_language(signed_in, admin):
    admin.language = "fr"
    admin.save()
    page = text(upload(signed_in, private_key_pem()))
    assert "Ce fichier contient une clé privée." in page


def test_no_file_is_refused(signed_in):
    response = signed_in.post("/account/certificate", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Kies het bestand van uw certificaat." in text(response)


def test_a_file_over_64_kb_is_refused_with_413(signed_in, enterprise):
    response = upload(signed_in, b"-" * (64 * 1024 + 10))
    assert response.status_code == 413
    assert "Het bestand is groter dan 64 KB." in text(response)
    assert Certificate.of_enterprise(enterprise).count() == 0


def test_a_file_over_the_request_limit_gets_the_same_message_next_to_the_field(signed_in, app):
    response = upload(signed_in, b"-" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert response.status_code == 413
    page = text(response)
    assert "Het bestand is groter dan 64 KB." in page
    assert 'id="certificate_file-error"' in page


def test_replacing_keeps_the_old_one_in_the_history(signed_in, enterprise):
    old, new = make_certificate(name="OLD OPERATOR"), make_certificate(name="NEW OPERATOR")
    upload(signed_in, pem(old))
    response = upload(signed_in, pem(new))
    page = text(signed_in.get(response.headers["Location"]))
    assert "Het certificaat werd vervangen." in page
    assert "Eerder geregistreerde certificaten" in page
    assert "CN=OLD OPERATOR XML" in page and "Vervangen op" in page
    assert AuditEvent.of_enterprise(enterprise).first().action == "certificate.replaced"


def test_uploading_the_same_certificate_twice_changes_nothing(signed_in, enterprise):
    data = pem(make_certificate())
    upload(signed_in, data)
    response = upload(signed_in, data)
    assert "Dit certificaat is al geregistreerd." in text(signed_in.get(response.headers["Location"]))
    assert Certificate.of_enterprise(enterprise).count() == 1
    assert AuditEvent.of_enterprise(enterprise).count() == 1


def test_a_certificate_registered_elsewhere_is_registered_by_who_proves_the_key(signed_in, enterprise):
    """No "in use by another" leak: the enterprise that proves it holds the key registers it; the
    other's registration ends, audited on the other's side by the service, without this one's name."""
    data = pem(make_certificate(name="SHARED"))
    other = make_enterprise(name="OTHER")
    theirs, _ = certificates.register(admin_of(other), read_certificate(data), proven=True)
    response = upload(signed_in, data)
    assert response.status_code == 303
    assert Certificate.current_of(enterprise).fingerprint == theirs.fingerprint
    assert Certificate.get_by_id(theirs.id).status == CertificateStatus.REPLACED
    assert Certificate.get_by_id(theirs.id).ended_by_name == ""
    event = AuditEvent.of_enterprise(other).first()
    assert (event.action, event.actor_name, event.actor_system) == (
        "certificate.superseded", "", "structured_messages")
    assert "BUCOM" not in event.changes and "els" not in event.changes
    assert "andere onderneming" not in text(signed_in.get("/account/certificate"))


def test_someone_elses_certificate_without_its_key_is_refused_and_says_nothing_of_them(signed_in, enterprise):
    data = pem(make_certificate(kind="ec256"))
    other = make_enterprise(name="OTHER")
    certificates.register(admin_of(other), read_certificate(data), proven=True)
    response = upload(signed_in, data, kind="rsa2048")  # signed with a key that is not the certificate's
    assert response.status_code == 422
    page = text(response)
    assert "De handtekening past niet bij dit certificaat" in page and "andere onderneming" not in page
    assert 'id="signature_file-error"' in page
    assert Certificate.current_of(enterprise) is None
    assert Certificate.current_of(other) is not None


def test_htmx_gets_the_panel_and_the_message_for_the_live_region(signed_in):
    response = upload(signed_in, pem(make_certificate()), **{"HX-Request": "true"})
    assert response.status_code == 303
    panel = signed_in.get(response.headers["Location"], headers={"HX-Request": "true"})
    body = text(panel)
    assert "<html" not in body
    assert body.startswith('<div id="certificate">')
    assert '<hx-partial hx-target="#messages" hx-swap="innerHTML">' in body
    assert "Het certificaat werd geregistreerd." in body
    refused = upload(signed_in, b"garbage", **{"HX-Request": "true"})
    assert refused.status_code == 422 and "<html" not in text(refused)
    assert "autofocus" in text(refused)


def test_the_full_page_has_no_hx_partial(signed_in):
    upload(signed_in, pem(make_certificate()))
    page = text(signed_in.get("/account/certificate"))
    assert "<hx-partial" not in page and "Het certificaat werd geregistreerd." in page


# -- revoking -----------------------------------------------------------------------------------------------


def registered(enterprise, name="BUCOM NL"):
    facts = read_certificate(pem(make_certificate(name=name)))
    certificate, _ = certificates.register(admin_of(enterprise), facts, proven=True)
    return certificate


def test_revoking_asks_first_then_revokes_and_audits(signed_in, enterprise, admin):
    certificate = registered(enterprise)
    confirm = text(signed_in.get(f"/account/certificate/{certificate.id}/revoke"))
    assert "<h1>Certificaat intrekken</h1>" in confirm and certificate.fingerprint_text in confirm
    response = signed_in.post(f"/account/certificate/{certificate.id}/revoke")
    assert response.status_code == 303
    page = text(signed_in.get(response.headers["Location"]))
    assert "Het certificaat werd ingetrokken." in page
    assert "Uw onderneming heeft geen geregistreerd certificaat." in page
    assert "Ingetrokken op" in page
    stored = Certificate.get_by_id(certificate.id)
    assert (stored.status, stored.ended_by_id) == (CertificateStatus.REVOKED, admin.id)
    event = AuditEvent.of_enterprise(enterprise).first()
    assert (event.action, event.subject_id) == ("certificate.revoked", certificate.id)


def test_revoking_twice_is_harmless(signed_in, enterprise):
    certificate = registered(enterprise)
    signed_in.post(f"/account/certificate/{certificate.id}/revoke")
    response = signed_in.post(f"/account/certificate/{certificate.id}/revoke")
    assert response.status_code == 303
    assert "Dit certificaat werd al ingetrokken." in text(signed_in.get(response.headers["Location"]))
    assert AuditEvent.of_enterprise(enterprise).where(AuditEvent.action == "certificate.revoked").count() == 1


def test_a_replaced_certificate_cannot_be_revoked(signed_in, enterprise):
    old = registered(enterprise, "OLD")
    registered(enterprise, "NEW")
    response = signed_in.post(f"/account/certificate/{old.id}/revoke")
    assert response.status_code == 409
    assert "Dit certificaat is niet meer het actieve" in text(response)
    assert Certificate.get_by_id(old.id).status == CertificateStatus.REPLACED


def test_a_revoked_certificate_cannot_be_registered_again(signed_in, enterprise):
    data = pem(make_certificate())
    upload(signed_in, data)
    signed_in.post(f"/account/certificate/{Certificate.current_of(enterprise).id}/revoke")
    response = upload(signed_in, data)
    assert response.status_code == 422
    assert "Een ingetrokken certificaat kan niet opnieuw geregistreerd worden." in text(response)


def test_another_enterprises_certificate_is_not_found(signed_in):
    theirs = registered(make_enterprise())
    assert signed_in.get(f"/account/certificate/{theirs.id}/revoke").status_code == 404
    assert signed_in.post(f"/account/certificate/{theirs.id}/revoke").status_code == 404
    assert Certificate.get_by_id(theirs.id).is_active


# -- who may -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/account/certificate", "/account/certificate/1/revoke"])
def test_plain_users_may_not_manage_the_certificate(client, auth, enterprise, path):
    make_account(enterprise, username="plain.user")
    auth.login("plain.user")
    assert client.get(path).status_code == 403
    assert upload(client, pem(make_certificate())).status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    assert client.get("/account/certificate").status_code == 302


def test_a_certificate_is_read_outside_a_request_too(app):
    """The XML channel and the CLI read certificates with no web request around them."""
    with app.app_context():
        facts = read_certificate(pem(make_certificate()))
    assert len(facts.fingerprint) == 64
