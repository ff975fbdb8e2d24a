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


# A search of several words is driven by a pair of them. Beside its words, an account has a term for
# each ordered pair of them (a word with itself too), the first cut to its first PAIR_LEAD letters:
# Els Janssens has '\x01els\x1fjanssens' and '\x01jan\x1fels' among others. 'els jans' then walks
# the range of '\x01els\x1fjans': the accounts that have both, however many others have one of them.
# The mark sorts before every letter and digit, so no range of a word meets a pair.
PAIR_MARK, PAIR_SEPARATOR, PAIR_LEAD = "\x01", "\x1f", 3


def pair_terms(terms):
    """The pair terms of `terms` (an owner's search_terms): see PAIR_MARK."""
    return sorted({pair_prefix(first, second) for first in terms for second in terms})


def pair_prefix(first, second):
    """The start of the pair terms of a word starting with `first` (its first PAIR_LEAD letters
    count) and one starting with `second`."""
    return f"{PAIR_MARK}{first[:PAIR_LEAD]}{PAIR_SEPARATOR}{second}"


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
