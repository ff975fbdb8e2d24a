"""flask --app app backup PATH | restore PATH --yes: the whole database in one file and back.

SQLite: the online backup API (sqlite3's `Connection.backup`), page by page, consistent while the
app keeps serving (WAL readers and writers go on). PostgreSQL: `pg_dump --format=custom` and
`pg_restore --clean --single-transaction` (the client tools must be installed; the password goes
through PGPASSWORD, never on a command line others can read).
"""

import os
import shutil
import sqlite3
import subprocess  # nosec B404 (pg_dump/pg_restore, run with an argument list, no shell)
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import click
from flask import current_app
from flask.cli import with_appcontext

from db.base import database
from db.connection import is_postgresql


class BackupError(click.ClickException):
    """A backup or restore that could not be done: said in one line, exit status 1."""


def backup_to(path):
    """Write the whole database to `path` (a new file)."""
    path = Path(path)
    if is_postgresql(database):
        _pg("pg_dump", "--format=custom", "--no-owner", f"--file={path}")
        return path
    target = sqlite3.connect(path)
    try:
        with database.connection_context():
            database.connection().backup(target)
    finally:
        target.close()
    return path


def restore_from(path):
    """Replace the whole database by the backup at `path`."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    if is_postgresql(database):
        database.close()
        _pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(path))
        return path
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is not a sound SQLite database")
        with database.connection_context():
            source.backup(database.connection())
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database: {error}") from error
    finally:
        source.close()
    return path


def _pg(tool, *arguments):
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client)")
    url, password = _without_password(current_app.config["DATABASE_URL"])
    environment = {**os.environ, **({"PGPASSWORD": password} if password else {})}
    finished = subprocess.run([executable, f"--dbname={url}", *arguments], env=environment,  # nosec B603
                              capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise BackupError(f"{tool} failed: {finished.stderr.strip()[-500:]}")


def _without_password(url):
    """(the URL without its password, the password or None)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc)), unquote(parts.password)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path):
    """Write the whole database to PATH (SQLite online backup, or pg_dump)."""
    if Path(path).exists():
        raise BackupError(f"{path} exists already: choose a new file")
    backup_to(path)
    click.echo(f"Backup written to {path} ({Path(path).stat().st_size} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--yes", is_flag=True, help="Confirm: every row of the database is replaced.")
@with_appcontext
def restore_command(path, yes):
    """Replace the whole database by the backup at PATH (every row now in it is lost)."""
    if not yes:
        raise BackupError("restore replaces every row of the database: add --yes to confirm")
    restore_from(path)
    click.echo(f"Database restored from {path}.")


COMMANDS = [backup_command, restore_command]
