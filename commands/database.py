"""The database's commands: flask --app app init-db | load-demo | reset-demo | create-officer NAME."""

import os

import click
from flask import current_app
from flask.cli import with_appcontext

from commands.demo import load_demo
from db.accounts import Account
from db.audit import System
from db.base import database
from db.catalogue import ensure_catalogue
from db.models import ALL_MODELS
from db.schema import SchemaMigration, migrate, schema_version
from domain import officers
from domain.actors import Actor
from domain.refusals import Refused

COMMAND_LINE = Actor.of_system(System.COMMAND_LINE)


def prepare_database(load_demo_when_new):
    """Create or migrate the schema and refresh the catalogue; demo data only on a new database."""
    with database.connection_context():
        created, applied = migrate(database)
        with database.atomic():
            ensure_catalogue()
            if created and load_demo_when_new:
                load_demo()
    return created, applied


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or migrate the database; a new one gets the demo data unless STTS_DEMO=0."""
    created, applied = prepare_database(current_app.config["DEMO"])
    if created:
        demo = " with the demo data" if current_app.config["DEMO"] else ""
        click.echo(f"Created the database{demo}.")
    elif applied:
        click.echo(f"Applied migrations: {', '.join(applied)}.")
    else:
        click.echo("The database is up to date.")


@click.command("load-demo")
@with_appcontext
def load_demo_command():
    """Add the demo data set (to a database that does not hold it yet)."""
    with database.connection_context():
        if Account.by_username("els.janssens"):
            raise click.ClickException("The demo data is already loaded; use reset-demo to start over.")
        with database.atomic():
            load_demo()
    click.echo("Loaded the demo data.")


@click.command("reset-demo")
@with_appcontext
@click.confirmation_option(prompt="This deletes ALL data and loads the demo data set. Continue?")
def reset_demo():
    """Delete all data and load the demo data set again, as new (for QA suites)."""
    with database.connection_context():
        database.drop_tables([*ALL_MODELS, SchemaMigration])
    prepare_database(load_demo_when_new=True)
    click.echo("The demo data set is back as new.")


@click.command("create-officer")
@with_appcontext
@click.argument("username")
@click.option("--first-name", default="RSZ")
@click.option("--last-name", default="Officer")
def create_officer(username, first_name, last_name):
    """Create a back-office officer; the password comes from STTS_PASSWORD or a prompt."""
    password = os.environ.get("STTS_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        with database.connection_context():
            officer = officers.create_officer(COMMAND_LINE, username=username, first_name=first_name,
                                              last_name=last_name, password=password)
    except Refused as refusal:
        raise click.ClickException(str(refusal.message)) from refusal
    click.echo(f"Created officer {officer.username}.")


@click.command("schema-version")
@with_appcontext
def show_schema_version():
    """Print the newest migration applied to the database."""
    with database.connection_context():
        click.echo(schema_version() or "empty")


COMMANDS = [init_db, load_demo_command, reset_demo, create_officer, show_schema_version]
