"""The structured-message channel's commands: flask --app app exchange generate-messages N FILE |
purge-messages | deliver-notices"""

from datetime import date, timedelta

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from db.audit import System
from db.base import database
from db.dossiers import Category, Formula
from domain import routing
from domain.actors import Actor
from domain.eligibility import save_register
from domain.message_format import NAMESPACE, SCHEMA_VERSION
from domain.messages import purge_messages

COMMAND_LINE = Actor.of_system(System.COMMAND_LINE)
FIRST_BIRTH = date(1940, 1, 1)


def beneficiary(serial):
    """The `serial`-th made-up beneficiary: (national number, line number), both valid and unique."""
    born = FIRST_BIRTH + timedelta(days=serial // 900)
    base = f"{born:%y%m%d}{serial % 900 + 1:03d}"
    national_number = f"{base}{97 - int(base) % 97:02d}"
    return national_number, f"0470{serial:06d}"


def write_messages(file, count, sender_kbo, message_id):
    """Write a message of `count` requests for made-up beneficiaries to the text file `file`."""
    file.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<message xmlns="{NAMESPACE}">\n'
               f"<header><messageId>{message_id}</messageId><senderKbo>{sender_kbo}</senderKbo>"
               f"<createdAt>2026-01-05T08:00:00Z</createdAt><schemaVersion>{SCHEMA_VERSION}</schemaVersion>"
               "</header>\n<records>\n")
    for serial in range(count):
        national_number, line = beneficiary(serial)
        file.write(f'<request sequence="{serial + 1}"><nationalNumber>{national_number}</nationalNumber>'
                   f"<lastName>Peeters</lastName><firstName>Maria {serial}</firstName>"
                   "<street>Meir 12</street><postcode>2000</postcode><city>Antwerpen</city>"
                   f"<language>nl</language><category>{Category.AGE_65}</category>"
                   f"<formula>{Formula.MOBILE}</formula><customerNumber>C-{serial + 1}</customerNumber>"
                   f"<lineNumber>{line}</lineNumber></request>\n")
    file.write("</records>\n</message>\n")


def register_rows(count):
    """The made-up beneficiaries as rows of the local eligibility register."""
    for serial in range(count):
        national_number, _line = beneficiary(serial)
        yield {"national_number": national_number, "last_name": "Peeters", "first_name": f"Maria {serial}",
               "household": f"XML-{national_number}", "categories": Category.AGE_65, "died_on": None}


@click.command("generate-messages")
@with_appcontext
@click.argument("count", type=click.IntRange(1, 10_000_000))
@click.argument("file", type=click.File("w", encoding="utf-8"))
@click.option("--sender-kbo", default="0566988259", show_default=True, help="the sending operator's KBO")
@click.option("--message-id", default=None, help="default: generated-COUNT")
@click.option("--load-register", is_flag=True, help="also put the beneficiaries in the local register")
def generate_messages_command(count, file, sender_kbo, message_id, load_register):
    """Write a message of COUNT requests to FILE (for load tests and the benchmark)."""
    write_messages(file, count, sender_kbo, message_id or f"generated-{count}")
    if load_register:
        with database.connection_context(), database.atomic():
            save_register(register_rows(count))
    click.echo(f"Wrote {count} requests to {file.name}.")


@click.command("purge-messages")
@with_appcontext
@click.option("--days", type=click.IntRange(1), default=None,
              help="keep this many days (default: STTS_MESSAGE_RETENTION_DAYS)")
def purge_messages_command(days):
    """Delete the received messages (and their acknowledgements) older than the retention period."""
    days = days or current_app.config["MESSAGE_RETENTION_DAYS"]
    with database.connection_context():
        deleted = purge_messages(COMMAND_LINE, days)
    click.echo(f"Deleted {deleted} messages received more than {days} days ago.")


@click.command("deliver-notices")
@with_appcontext
def deliver_notices_command():
    """Announce new tasks where the Routing Module says (e-mail), and retry failed e-mails."""
    with database.connection_context():
        sent, failed = routing.deliver_task_notices(retry=True)
    click.echo(f"Sent {sent} e-mails about new tasks; {failed} could not be sent.")


exchange_group = AppGroup("exchange", help="The structured-message channel.")
for command in (generate_messages_command, purge_messages_command, deliver_notices_command):
    exchange_group.add_command(command)
