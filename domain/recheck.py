"""The re-check: every open dossier against the eligibility source, run from the command line
(`flask --app app stts recheck-eligibility`, e.g. every night)."""

from collections import Counter
from datetime import timedelta

from db.audit import System
from db.base import database
from db.dossiers import Dossier, Status, StopReason, TaskKind
from domain.actors import Actor
from domain.dossiers import apply_scheduled_stops, decide, stop_reduction, today, update_from_register
from domain.eligibility import source
from domain.refusals import Refused, StaleData
from domain.tasks import open_task

# an accepted tariff not activated within this time: the operator gets "Dossier afsluiten"
ACTIVATION_DEADLINE = timedelta(days=90)
BATCH = 500
NIGHTLY_JOB = Actor.of_system(System.NIGHTLY_JOB)


def recheck_eligibility(actor=NIGHTLY_JOB):
    """Apply the scheduled stops that are due, decide pending requests, bring the register's
    addresses to the open dossiers, close the dossiers of deceased beneficiaries, and give
    operators "Reductie beëindigen" / "Dossier afsluiten" tasks. Returns a Counter of what happened."""
    outcome = Counter()
    outcome["stop_applied"] += apply_scheduled_stops(actor)
    last_id = 0
    while batch := list(Dossier.in_status(Status.open(), after_id=last_id, limit=BATCH)):
        _recheck_batch(actor, batch, outcome)
        last_id = batch[-1].id
    return outcome


def recheck_people(actor, national_numbers):
    """The same re-check for the open dossiers of these people only (after a load of the register)."""
    outcome = Counter()
    numbers = list(national_numbers)
    for start in range(0, len(numbers), BATCH):
        batch = list(Dossier.select().where(Dossier.national_number.in_(numbers[start:start + BATCH])
                                            & Dossier.status.in_(Status.open())).order_by(Dossier.id))
        _recheck_batch(actor, batch, outcome)
    return outcome


def _recheck_batch(actor, batch, outcome):
    people = source().lookup_many({dossier.national_number for dossier in batch})
    for dossier in batch:
        try:
            with database.atomic():
                outcome[_recheck(actor, dossier, people.get(dossier.national_number))] += 1
        except (Refused, StaleData):
            # changed meanwhile, or the household taken: the next run looks again
            outcome["skipped"] += 1


def _recheck(actor, dossier, person):
    """What the re-check did to one open dossier (a key of the outcome)."""
    if dossier.status == Status.REQUESTED:
        decide(actor, dossier, person)
        return "accepted" if dossier.status == Status.AWAITING_ACTIVATION else "refused"
    was_active = dossier.status == Status.ACTIVE
    if person is not None and person.died_on is not None:
        start = dossier.activated_on or dossier.requested_on
        stop_reduction(actor, dossier, StopReason.DEATH, min(max(person.died_on, start), today()),
                       dossier.version)
        if was_active:
            open_task(dossier, TaskKind.END_REDUCTION)
        return "closed_deceased"
    moved = person is not None and update_from_register(actor, dossier, person) is not None
    if person is None or not person.confirms(dossier.category):
        return _task(dossier, TaskKind.END_REDUCTION if was_active else TaskKind.CLOSE_DOSSIER)
    if not was_active and dossier.requested_on < today() - ACTIVATION_DEADLINE:
        return _task(dossier, TaskKind.CLOSE_DOSSIER)
    return "address_updated" if moved else "unchanged"


def _task(dossier, kind):
    created = open_task(dossier, kind)[1]
    return f"task_{kind}" if created else "unchanged"
