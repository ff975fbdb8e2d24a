"""French typography that a catalogue alone cannot do: elision before a name, and the colon; and
the grouping of a large count put in a message ("1.000 gebruikers gevonden").

A French message "Langue de %(subject)s modifiée" reads "Langue d'Els Janssens modifiée" when the
name starts with a vowel (or a mute h): `elide` turns "de %(x)s", "le %(x)s", "la %(x)s",
"que %(x)s" into "d'", "l'", "qu'" for the values that need it, before the values are put in.
Every translated message passes through it: Flask-Babel's gettext (web.i18n.ElidingDomain), the
templates' `_` (web.templating) and the messages the domain fills itself (`fill`).

The catalogue carries the spaces: a narrow no-break space (U+202F) before ; ! ? and a no-break
space (U+00A0) before : and inside « » (tests/test_typography.py reads the compiled catalogue).
"""

import re
import unicodedata

from flask_babel import get_locale

from domain import formats

NO_BREAK_SPACE = "\u00a0"
NARROW_NO_BREAK_SPACE = "\u202f"
APOSTROPHE = "'"

# a word that drops its vowel before a vowel, then the placeholder it stands before
_ELIDABLE = re.compile(r"\b(de|le|la|que|jusque|lorsque|puisque|ne|se|ce|je|me|te) %\((\w+)\)s",
                       re.IGNORECASE)
_VOWELS = set("aeiouy")
# words with a mute h that elide (names and nouns met in this application); any other h does not
# ("de Hans", "le héros"): an aspirated h is the safer guess for a name
_MUTE_H = ("hélène", "henri", "hugo", "hugues", "hubert", "hortense", "honoré", "hermann", "homme", "hôpital",
           "hôtel", "huissier", "habitant", "heure", "histoire", "hypothèque", "horeca")


def speaks_french():
    locale = get_locale()
    return locale is not None and locale.language == "fr"


def needs_elision(value):
    """Whether French elides before `value`: it starts with a vowel or a known mute h."""
    word = str(value).lstrip()
    if not word:
        return False
    first = unicodedata.normalize("NFD", word[0].lower())[0]
    if first in _VOWELS:
        return True
    return first == "h" and word.lower().startswith(_MUTE_H)


def elide(template, values):
    """`template` with "de %(x)s" made "d'%(x)s" where values[x] needs it (French only)."""
    if not values or "%(" not in template or not speaks_french():
        return template

    def elided(match):
        word, name = match.group(1), match.group(2)
        if name not in values or not needs_elision(values[name]):
            return match.group()
        return f"{word[:-1]}{APOSTROPHE}%({name})s"

    return type(template)(_ELIDABLE.sub(elided, template)) if isinstance(template, str) else template


_WHOLE_NUMBER = re.compile(r"%\((\w+)\)d")
# the placeholders that count things (a key's size in bits, a year, an id is no count: left as it is)
_COUNTS = {"num", "count", "total", "first", "last"}


def prepared(template, values):
    """`template` and `values` ready for `%`: elided where French needs it, and a whole number of
    1000 or more that counts something grouped the language's way ("1.000 gebruikers", "1 000
    utilisateurs")."""
    template = elide(template, values)
    if not values or "%(" not in template:
        return template, values
    large = {name for name in _WHOLE_NUMBER.findall(template)
             if name in _COUNTS and type(values.get(name)) is int and abs(values[name]) >= 1000}
    if not large:
        return template, values
    template = type(template)(_WHOLE_NUMBER.sub(
        lambda match: f"%({match.group(1)})s" if match.group(1) in large else match.group(), template))
    return template, {**values, **{name: formats.number(values[name]) for name in large}}


def fill(message, **values):
    """A (lazy) message with `values` put in, elided where French needs it, numbers grouped."""
    template, values = prepared(str(message), values)
    return template % values


# a plain space (or none) before ; ! ? or before :, where a word ends (not 14:05, not https://)
_BEFORE_HIGH = re.compile(r"(?:(?<=\S)[ \u00a0]|(?<=[\w%»)]))([;!?])(?=\s|$|[»)])")
_BEFORE_COLON = re.compile(r"(?:(?<=\S) |(?<=[\w%»)]))(:)(?=\s|$)")
_OPENING = re.compile(r"«[ \u00a0\u202f]?")
_CLOSING = re.compile(r"[ \u00a0\u202f]?»")


def french_spaces(text):
    """`text` with French spacing: U+202F before ; ! ?, U+00A0 before : and inside « »."""
    text = _BEFORE_HIGH.sub(NARROW_NO_BREAK_SPACE + r"\1", text)
    text = _BEFORE_COLON.sub(NO_BREAK_SPACE + r"\1", text)
    text = _OPENING.sub("«" + NO_BREAK_SPACE, text)
    return _CLOSING.sub(NO_BREAK_SPACE + "»", text)


def colon():
    """What follows a label before its value: ':' or, in French, a no-break space and ':'."""
    return NO_BREAK_SPACE + ":" if speaks_french() else ":"
