"""STTS command-line tasks: flask --app app stts recheck-eligibility | load-register FILE.csv"""

import click
from flask.cli import AppGroup

from db.audit import System
from db.base import database
from domain.actors import Actor
from domain.eligibility import read_register_csv, save_register
from domain.recheck import recheck_eligibility
from domain.refusals import Refused

OUTCOMES = {
    "accepted": "pending requests accepted",
    "refused": "pending requests refused",
    "closed_deceased": "dossiers of deceased beneficiaries closed",
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
    click.echo(f"Re-checked {sum(outcome.values())} open dossiers.")
    for key, text in OUTCOMES.items():
        if outcome[key]:
            click.echo(f"  {outcome[key]} {text}")


@click.command("load-register")
@click.argument("file", type=click.File(encoding="utf-8-sig"))
def load_register_command(file):
    """Load the local eligibility register from a CSV file (added or updated by national number).

    Columns: national_number,last_name,first_name,household,categories,died_on -- categories
    space-separated (age_65 disability_66 leefloon hearing_loss war_blind), died_on YYYY-MM-DD or empty.
    """
    try:
        rows = read_register_csv(file)
    except Refused as refusal:
        raise click.ClickException(f"Nothing was loaded: {refusal.message}") from refusal
    with database.connection_context(), database.atomic():
        added, updated = save_register(rows)
    click.echo(f"Loaded the register: {added} people added, {updated} updated.")


# an AppGroup: its commands run inside the app context, like a blueprint's
stts_group = AppGroup("stts", help="The STTS application's tasks.")
for command in (recheck_command, load_register_command):
    stts_group.add_command(command)
