"""Which language a page speaks: the account's preference, else the switcher, else the browser."""

from flask import has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from domain.languages import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "de": "Deutsch"}
# the switcher's choice for visitors who are not signed in
LANGUAGE_COOKIE = "lang"


def select_language():
    """Flask-Babel's locale selector (the CLI, outside any request, speaks the default language)."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE)


def current_language():
    """The language of the page being rendered: 'nl', 'fr' or 'de'."""
    locale = get_locale()
    return locale.language if locale else DEFAULT_LANGUAGE
