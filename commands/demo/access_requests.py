"""Demo access requests for the back office's queue, one in each state, with their history.

KALMO TELECOM's request has provisional credentials everyone knows (see DEMO_PROVISIONAL_*), so
the first login can be tried without going through the back office first.
"""

import json
from datetime import timedelta

from db.access_requests import AccessRequest, Capacity, ProvisionalCredential, RejectionReason, RequestStatus
from db.accounts import Account
from db.audit import AuditEvent
from db.clock import utcnow
from db.enterprises import Enterprise
from domain.onboarding import CREDENTIAL_LIFETIME
from domain.passwords import hash_password

DEMO_PROVISIONAL_USERNAME = "tmp-demo-2026"
DEMO_PROVISIONAL_PASSWORD = "Demo-Voorlopig-2026"

# (ticket, status, days ago, enterprise, KBO, RSZ, language, local admin, signer)
REQUESTS = [
    ("STTS-N7VA-2QKM", RequestStatus.SUBMITTED, 14, "NOVA TELECOM BV", "0721435619", None, "nl",
     ("Sofie", "Peeters", "79031512340", Capacity.EMPLOYEE),
     ("Koen", "Peeters", "82061124525", Capacity.MANAGER)),
    ("STTS-V4XR-8RTP", RequestStatus.ORIGINAL_RECEIVED, 3, "VOXLINE SRL", None, "451237888", "fr",
     ("Julie", "Lambert", "91020433713", Capacity.EMPLOYEE),
     ("Marc", "Lambert", "88092341926", Capacity.DIRECTOR)),
    ("STTS-A3TM-6WHC", RequestStatus.REJECTED, 9, "ALTO MOBILE NV", "0458912344", None, "nl",
     ("Tom", "Verhoeven", "76010152182", Capacity.EMPLOYEE),
     ("Lies", "Maes", "93051706357", Capacity.DIRECTOR)),
    ("STTS-K9MT-4DZB", RequestStatus.CREDENTIALS_ISSUED, 6, "KALMO TELECOM", "0665087131", "332190758", "de",
     ("Lukas", "Schmitz", "85022817706", Capacity.PARTNER),
     ("Anna", "Schmitz", "90071028989", Capacity.PARTNER)),
    ("STTS-P2RQ-7JYE", RequestStatus.SUBMITTED, 1, "PRISMA CONNECT", "0812344910", None, "nl",
     ("Ruben", "Claes", "85022817706", Capacity.EMPLOYEE),
     ("Ines", "Claes", "76010152182", Capacity.MANAGER)),
]

# each enterprise's postal address (the letter with the provisional credentials goes there)
ADDRESSES = {
    "STTS-N7VA-2QKM": ("Kortrijksesteenweg 1020", "9051", "Gent"),
    "STTS-V4XR-8RTP": ("Rue de Fer 25", "5000", "Namur"),
    "STTS-A3TM-6WHC": ("Nijverheidsstraat 8", "2800", "Mechelen"),
    "STTS-K9MT-4DZB": ("Herbesthaler Straße 12", "4700", "Eupen"),
    "STTS-P2RQ-7JYE": ("Vaartkom 31", "3000", "Leuven"),
}


def load_demo_access_requests():
    """Add the demo access requests (the demo officer, rsz.officer, handled some of them)."""
    officer = Account.by_username("rsz.officer")
    now = utcnow()
    for ticket, status, days_ago, name, kbo, rsz, language, admin, signer in REQUESTS:
        street, postcode, city = ADDRESSES[ticket]
        filed_at = now - timedelta(days=days_ago)
        access_request = AccessRequest.create(
            ticket=ticket, status=status, language=language, enterprise_name=name, kbo_number=kbo,
            rsz_number=rsz, submitted_at=filed_at, form_token=f"demo-{ticket}",
            street=street, postcode=postcode, city=city,
            **_person("admin", admin, name), **_person("signer", signer, name),
            signer_works_in_enterprise=status != RequestStatus.REJECTED,
        )
        _event(access_request, "access_request.filed", filed_at, None, {"enterprise": name})
        if status != RequestStatus.SUBMITTED:
            _decide(access_request, status, officer, filed_at + timedelta(days=1))
        if status == RequestStatus.CREDENTIALS_ISSUED:
            _issue(access_request, officer, filed_at + timedelta(days=2), language)


def _person(role, person, enterprise_name):
    first, last, national_number, capacity = person
    domain = enterprise_name.split()[0].lower()
    return {f"{role}_first_name": first, f"{role}_last_name": last,
            f"{role}_national_number": national_number, f"{role}_capacity": capacity,
            f"{role}_email": f"{first.lower()}.{last.lower()}@{domain}.example"}


def _decide(access_request, status, officer, at):
    if status == RequestStatus.REJECTED:
        access_request.rejection_reason = RejectionReason.SIGNER_NOT_AUTHORISED
        access_request.rejection_note = "Niet als bestuurder vermeld in de KBO."
        _event(access_request, "access_request.rejected", at, officer,
               {"reason": RejectionReason.SIGNER_NOT_AUTHORISED, "note": access_request.rejection_note})
    else:
        _event(access_request, "access_request.original_received", at, officer, {})
    access_request.decided_at, access_request.decided_by = at, officer
    access_request.save()


def _issue(access_request, officer, at, language):
    enterprise = Enterprise.create(name=access_request.enterprise_name, kbo_number=access_request.kbo_number,
                                   rsz_number=access_request.rsz_number, language=language)
    access_request.enterprise = enterprise
    access_request.save()
    ProvisionalCredential.create(
        access_request=access_request, username=DEMO_PROVISIONAL_USERNAME,
        password_hash=hash_password(DEMO_PROVISIONAL_PASSWORD), issued_at=at,
        # counted from loading, so the demo credentials work for 30 days after `make run`
        expires_at=utcnow() + CREDENTIAL_LIFETIME,
    )
    _event(access_request, "access_request.credentials_issued", at, officer,
           {"username": DEMO_PROVISIONAL_USERNAME})


def _event(access_request, action, at, actor, changes):
    AuditEvent.create(
        at=at, action=action, actor=actor,
        actor_name=f"{actor.full_name} ({actor.username})" if actor else "",
        enterprise=access_request.enterprise, subject_type="access_request", subject_id=access_request.id,
        subject_name=access_request.ticket, changes=json.dumps(changes),
    )
