"""The command line (`flask --app app ...`): it drives the domain as the screens do, so it sits above
`domain/` and `db/`, never inside them."""

from commands.accounts import accounts_group
from commands.backup import COMMANDS as BACKUP_COMMANDS
from commands.database import COMMANDS
from commands.exchange import exchange_group
from commands.populate import populate
from commands.stts import stts_group


def register_commands(app):
    """Add every command to `app.cli`."""
    for command in [*COMMANDS, *BACKUP_COMMANDS, stts_group, exchange_group, accounts_group, populate]:
        app.cli.add_command(command)
