"""Usernames: chosen once, never changed, unique across every enterprise."""

import re
import secrets

from domain.passwords import READABLE_ALPHABET

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,49}$")
# Provisional credentials (domain.first_login) have usernames like 'tmp-k7qm-3xpt'. The prefix is
# reserved: no chosen username starts with it, so the two kinds can never collide.
PROVISIONAL_PREFIX = "tmp-"


def normalize_username(value):
    """Usernames are compared and stored in lower case, without surrounding spaces."""
    return (value or "").strip().lower()


def is_provisional_username(value):
    """True for the reserved form of a provisional username (whether or not it was ever issued)."""
    return normalize_username(value).startswith(PROVISIONAL_PREFIX)


def is_valid_username(value):
    """3 to 50 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit,
    and not in the form reserved for provisional usernames."""
    return bool(USERNAME_PATTERN.match(value)) and not is_provisional_username(value)


def new_provisional_username():
    """A random provisional username like 'tmp-k7qm-3xpt', read from a letter without mix-ups."""
    alphabet = READABLE_ALPHABET.lower()
    groups = ("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(2))
    return PROVISIONAL_PREFIX + "-".join(groups)
