"""Ticket numbers of access requests: unique, not guessable, easy to read aloud."""

import re
import secrets

from domain.passwords import READABLE_ALPHABET

PREFIX = "STTS"
GROUPS = 2
GROUP_LENGTH = 4
# 31 symbols ** 8 is about 8.5e11 tickets: guessing one is hopeless at any allowed request rate
_LOOSE = re.compile(r"[^A-Z0-9]")


def new_ticket():
    """A random ticket number like 'STTS-7K2M-9QXD' (no 0/O or 1/I/L to mix up on the phone)."""
    groups = ("".join(secrets.choice(READABLE_ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join([PREFIX, *groups])


def normalize_ticket(value):
    """The canonical form of a typed ticket number ('stts 7k2m 9qxd' -> 'STTS-7K2M-9QXD'), or None."""
    symbols = _LOOSE.sub("", (value or "").upper())
    if symbols.startswith(PREFIX):
        symbols = symbols[len(PREFIX):]
    if len(symbols) != GROUPS * GROUP_LENGTH or any(s not in READABLE_ALPHABET for s in symbols):
        return None
    groups = [symbols[i:i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH)]
    return "-".join([PREFIX, *groups])
