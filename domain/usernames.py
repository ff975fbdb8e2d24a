"""Usernames: chosen once, never changed, unique across every enterprise."""

import re

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,49}$")


def normalize_username(value):
    """Usernames are compared and stored in lower case, without surrounding spaces."""
    return (value or "").strip().lower()


def is_valid_username(value):
    """3 to 50 lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit."""
    return bool(USERNAME_PATTERN.match(value))
