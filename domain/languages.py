"""The languages of the product: Dutch, French and German."""

from flask_babel import lazy_gettext as _l

from domain.refusals import Refused

LANGUAGES = ("nl", "fr", "de")
DEFAULT_LANGUAGE = "nl"
UNAVAILABLE = _l("This language is not available. Choose nl, fr or de.")


def check_language(language, field="language"):
    """`language` when it is nl, fr or de; else Refused (next to `field`)."""
    if language not in LANGUAGES:
        raise Refused(UNAVAILABLE, field)
    return language
