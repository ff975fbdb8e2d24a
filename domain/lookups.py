"""Eligibility look-ups leave a trace: who asked about which national number, when, and what the
eligibility source answered. The register says whether a person has a tariff category and
whether they died: asked for no dossier, that is a probe (issue 10), so every look-up by a
person is an audit event of their enterprise, also when the request is then refused."""

from db.audit import AuditEvent
from domain import audit
from domain.eligibility import EligibilitySourceUnavailable, source

LOOKED_UP = "eligibility.looked_up"


def look_up(actor, national_number, purpose):
    """The source's Person for `national_number` (or None), recorded for `actor`; `purpose` says
    what for ('request', 'transfer'). The source's unavailability is recorded, then raised."""
    try:
        person = source().lookup(national_number)
    except EligibilitySourceUnavailable:
        _record(actor, national_number, purpose, {"answer": "unavailable"})
        raise
    if person is None:
        answer = {"answer": "unknown"}
    else:
        answer = {"answer": "known", "categories": sorted(person.categories),
                  "deceased": person.died_on is not None}
    _record(actor, national_number, purpose, answer)
    return person


def _record(actor, national_number, purpose, answer):
    if actor is None or (actor.account is None and not actor.system):
        return
    # not in a transaction of the action: the trace stays when the action is then refused
    audit.record(actor, LOOKED_UP, enterprise=actor.enterprise,
                 changes={"national_number": national_number, "purpose": purpose, **answer})


def look_ups_of(enterprise):
    """The enterprise's eligibility look-ups, newest first."""
    return AuditEvent.of_enterprise(enterprise).where(AuditEvent.action == LOOKED_UP)
