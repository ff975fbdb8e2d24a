"""The one rule for names and free text: no control characters, no bidi overrides.

A NUL byte breaks PostgreSQL and C tools, a line break in a name splits CSV rows, log lines and
letters, and an override (U+202E 'RIGHT-TO-LEFT OVERRIDE') makes "Jan exe.pdf" read as something
else on the screen than in the data. Every name and free-text field goes through `single_line`
or `multi_line`: the screens through `web.forms.Rule`, the XML channel and the command line
through the domain functions that call them.
"""

import unicodedata

from flask_babel import lazy_gettext as _l

from domain.refusals import Refused

# explicit embeddings, overrides and isolates: LRE RLE PDF LRO RLO, LRI RLI FSI PDI
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# besides the C0/C1 controls (category Cc): the Unicode line and paragraph separators
LINE_BREAKS = frozenset("\u2028\u2029\x85")
# what a multi-line text (a note, a comment) may hold of the controls
MULTI_LINE_ALLOWED = frozenset("\n\r\t")

CONTROL_CHARACTERS = _l("Remove the invisible control characters (such as line breaks) from this field.")
CONTROL_CHARACTERS_IN_TEXT = _l("Remove the invisible control characters from this text.")
DIRECTION_CHARACTERS = _l("Remove the invisible characters that change the direction of the text.")


def single_line(value, field=None):
    """`value` (a name, a street, a number) when it holds no control, line-break, bidi-override or
    unassigned/surrogate character; else Refused next to `field`."""
    if value is None:
        return value
    _check(value, field, allowed=frozenset(), message=CONTROL_CHARACTERS)
    return value


def multi_line(value, field=None):
    """`value` (a note, a comment) when it holds no control character besides line breaks and tabs,
    and no bidi override; else Refused next to `field`."""
    if value is None:
        return value
    _check(value, field, allowed=MULTI_LINE_ALLOWED, message=CONTROL_CHARACTERS_IN_TEXT)
    return value


def _check(value, field, allowed, message):
    for character in str(value):
        if character in allowed:
            continue
        if character in BIDI_CONTROLS:
            raise Refused(DIRECTION_CHARACTERS, field)
        if character in LINE_BREAKS or unicodedata.category(character) in ("Cc", "Cs"):
            raise Refused(message, field)


def refuse_hostile(values, single=(), multi=()):
    """Every named field of the dict `values` through its rule; the dict itself when all pass."""
    for name in single:
        single_line(values.get(name), name)
    for name in multi:
        multi_line(values.get(name), name)
    return values
