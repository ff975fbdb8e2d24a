"""The one place that reads the clock, so tests can move time."""

from datetime import UTC, datetime


def utcnow():
    """Naive UTC now: the database stores naive UTC, the UI shows Europe/Brussels."""
    return datetime.now(UTC).replace(tzinfo=None)
