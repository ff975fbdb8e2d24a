"""Text as the database compares it: search keys for names, and usernames in their stored form."""

import re
import sys
import unicodedata

_NOT_KEY = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r" +")


def search_key(text):
    """Lower-case, accent-free form of `text`: 'Élodie' -> 'elodie', "D'Hondt" -> 'dhondt'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    bare = bare.replace("-", " ")
    return _SPACES.sub(" ", _NOT_KEY.sub("", bare)).strip()


def prefix_upper_bound(prefix):
    """The smallest string greater than every string that starts with `prefix` (for range scans);
    None when there is none (`prefix` is only U+10FFFF, the last code point: no upper bound)."""
    stem = prefix.rstrip(chr(sys.maxunicode))
    if not stem:
        return None
    return stem[:-1] + chr(ord(stem[-1]) + 1)


def normalize_username(value):
    """Usernames are compared and stored in lower case, without surrounding spaces."""
    return (value or "").strip().lower()
