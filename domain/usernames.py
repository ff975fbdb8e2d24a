"""Usernames: chosen once, never changed, unique across every enterprise."""

import re
import secrets

from flask_babel import lazy_gettext as _l

from db.text import normalize_username
from domain.passwords import READABLE_ALPHABET
from domain.refusals import Refused

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


def check_username_format(value, field="username"):
    """The username in its stored form (lower case, trimmed), or Refused when its form is wrong."""
    username = normalize_username(value)
    if is_provisional_username(username):
        raise Refused(RESERVED, field)
    if not USERNAME_PATTERN.fullmatch(username):
        raise Refused(INVALID, field)
    return username


def new_provisional_username():
    """A random provisional username like 'tmp-k7qm-3xpt', read from a letter without mix-ups."""
    alphabet = READABLE_ALPHABET.lower()
    groups = ("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(2))
    return PROVISIONAL_PREFIX + "-".join(groups)
