"""The accounts' nightly command: flask --app app accounts block-inactive"""

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from db.audit import System
from db.base import database
from domain.actors import Actor
from domain.inactivity import block_inactive

accounts_group = AppGroup("accounts", help="Accounts: the nightly inactivity run.")


@accounts_group.command("block-inactive")
@click.option("--days", type=int, default=None, help="Days without use (default STTS_INACTIVE_DAYS, 180).")
@with_appcontext
def block_inactive_command(days):
    """Nightly: block users not used for STTS_INACTIVE_DAYS days (reason 'inactief'); delete expired
    provisional credentials and invitations."""
    days = days if days is not None else current_app.config["INACTIVE_DAYS"]
    with database.connection_context():
        done = block_inactive(Actor.of_system(System.NIGHTLY_JOB), days)
    click.echo(f"{done.blocked} accounts blocked as inactive (not used for {days} days); "
               f"{done.credentials} expired provisional credentials and {done.invitations} invitations "
               "deleted.")
