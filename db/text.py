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


def search_terms(*texts):
    """The words a search matches by prefix: every word of each text's search key, and a name of
    several words also as one ('De Smet' -> de, smet, desmet); a username's parts too
    ('els.janssens' -> els, janssens, elsjanssens). Sorted, each once."""
    terms = set()
    for text in texts:
        words = search_key(_apart(text)).split()
        terms.update(words)
        if len(words) > 1:
            terms.add("".join(words))
    return sorted(term for term in terms if term)


def search_words(text):
    """The words typed in a search, as search keys, each once, longest first (the most selective
    one drives the query): 'Els  Jans' -> ['jans', 'els']; 'els.jan' -> ['els', 'jan']."""
    return sorted(set(search_key(_apart(text)).split()), key=lambda word: (-len(word), word))


def _apart(text):
    """A username's separators between words: 'els.janssens' -> 'els janssens'."""
    return (text or "").replace(".", " ").replace("_", " ")


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
