"""STTS command-line tasks: flask --app app stts recheck-eligibility | load-register FILE.csv"""

import click
from flask.cli import AppGroup

from db.audit import System
from db.base import database
from domain.actors import Actor
from domain.dossiers import apply_scheduled_stops
from domain.eligibility import read_register_csv, save_register
from domain.recheck import recheck_eligibility, recheck_people
from domain.refusals import Refused

OUTCOMES = {
    "stop_applied": "scheduled stops applied",
    "accepted": "pending requests accepted",
    "refused": "pending requests refused",
    "closed_deceased": "dossiers of deceased beneficiaries closed",
    "address_updated": "dossiers given the register's new address",
    "task_end_reduction": "new tasks 'Reductie beëindigen'",
    "task_close_dossier": "new tasks 'Dossier afsluiten'",
    "unchanged": "dossiers unchanged",
    "skipped": "dossiers skipped (changed meanwhile; the next run looks again)",
}


@click.command("recheck-eligibility")
def recheck_command():
    """Re-check every open dossier against the eligibility source."""
    with database.connection_context():
        outcome = recheck_eligibility(Actor.of_system(System.NIGHTLY_JOB))
    click.echo(f"Re-checked {sum(n for key, n in outcome.items() if key != 'stop_applied')} open dossiers.")
    _echo(outcome)


@click.command("apply-scheduled")
def apply_scheduled_command():
    """Apply the scheduled stops whose end date has come (recheck-eligibility does it first too)."""
    with database.connection_context():
        applied = apply_scheduled_stops(Actor.of_system(System.NIGHTLY_JOB))
    click.echo(f"Applied {applied} scheduled stops.")


def _echo(outcome):
    for key, text in OUTCOMES.items():
        if outcome[key]:
            click.echo(f"  {outcome[key]} {text}")


@click.command("load-register")
@click.argument("file", type=click.File(encoding="utf-8-sig"))
def load_register_command(file):
    """Load the local eligibility register from a CSV file (added or updated by national number).

    Columns: national_number,last_name,first_name,household,categories,died_on -- categories
    space-separated (age_65 disability_66 leefloon hearing_loss war_blind), died_on YYYY-MM-DD or empty;
    optional: street,postcode,city,language (the address and language identification fills in).
    The open dossiers of the people loaded get the register's new address, or are stopped (death).
    """
    try:
        rows = read_register_csv(file)
    except Refused as refusal:
        raise click.ClickException(f"Nothing was loaded: {refusal.message}") from refusal
    with database.connection_context():
        with database.atomic():
            added, updated = save_register(rows)
        # the register's address changes and deaths reach the open dossiers at once
        outcome = recheck_people(Actor.of_system(System.COMMAND_LINE),
                                 [row["national_number"] for row in rows])
    click.echo(f"Loaded the register: {added} people added, {updated} updated.")
    _echo(outcome)


# an AppGroup: its commands run inside the app context, like a blueprint's
stts_group = AppGroup("stts", help="The STTS application's tasks.")
for command in (recheck_command, apply_scheduled_command, load_register_command):
    stts_group.add_command(command)
