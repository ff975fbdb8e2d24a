"""The one place that reads the clock: sessions, lock-outs, credentials, dossiers and the database's
own defaults all ask `utcnow()`, so a test moves time for all of them at once (`freeze`)."""

from datetime import UTC, datetime

# set by tests (see tests/conftest.py, the `clock` fixture); None: the real time
_frozen = None


def utcnow():
    """Naive UTC now: the database stores naive UTC, the UI shows Europe/Brussels."""
    return _frozen if _frozen is not None else datetime.now(UTC).replace(tzinfo=None)


def timestamp():
    """Seconds since the epoch, as a whole number (for what a session remembers)."""
    return int(utcnow().replace(tzinfo=UTC).timestamp())


def freeze(moment):
    """Tests only: from now on the clock says `moment` (a naive UTC datetime); None: the real time."""
    global _frozen
    _frozen = moment
