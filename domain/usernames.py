"""Usernames: chosen once, never changed, unique across every enterprise."""

import re
import secrets

from flask_babel import lazy_gettext as _l

from db.text import normalize_username
from domain.passwords import READABLE_ALPHABET

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,49}$")
# Provisional credentials (domain.first_login) have usernames like 'tmp-k7qm-3xpt'. The prefix is
# reserved: no chosen username starts with it, so the two kinds can never collide.
PROVISIONAL_PREFIX = "tmp-"


def is_provisional_username(value):
    """True for the reserved form of a provisional username (whether or not it was ever issued)."""
    return normalize_username(value).startswith(PROVISIONAL_PREFIX)


INVALID = _l("A username has 3 to 50 characters: letters, digits, dots, dashes or underscores.")
RESERVED = _l("Usernames starting with 'tmp-' are reserved for provisional credentials.")
TAKEN = _l("This username is already in use. Choose another one.")


def format_problem(value):
    """What is wrong with the form of a (normalised) username; None when fine."""
    if is_provisional_username(value):
        return RESERVED
    if not USERNAME_PATTERN.match(value):
        return INVALID
    return None


def is_valid_username(value):
    """A username of the right form (see format_problem)."""
    return format_problem(value) is None


def new_provisional_username():
    """A random provisional username like 'tmp-k7qm-3xpt', read from a letter without mix-ups."""
    alphabet = READABLE_ALPHABET.lower()
    groups = ("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(2))
    return PROVISIONAL_PREFIX + "-".join(groups)
