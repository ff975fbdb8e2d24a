"""Which language a page speaks: the account's preference, else the switcher, else the browser."""

from flask import has_request_context, request
from flask_babel import Domain, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from domain import typography
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


class ElidingDomain(Domain):
    """Flask-Babel's messages, with French elision before the values and large counts grouped
    (domain.typography.prepared)."""

    def gettext(self, string, **variables):
        translated = self.get_translations().ugettext(string)
        return _put_in(translated, variables) if variables else translated

    def ngettext(self, singular, plural, num, **variables):
        variables.setdefault("num", num)
        translated = self.get_translations().ungettext(singular, plural, num)
        return _put_in(translated, variables)

    def pgettext(self, context, string, **variables):
        translated = self.get_translations().upgettext(context, string)
        return _put_in(translated, variables) if variables else translated

    def npgettext(self, context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        translated = self.get_translations().unpgettext(context, singular, plural, num)
        return _put_in(translated, variables)


# the page's catalogue, looked up once per rendering (a template context processor) rather than by
# Flask-Babel's chain of look-ups for each of a page's twenty messages; a macro imported without
# the context asks Flask-Babel
TRANSLATIONS = "_translations"


def _catalogue(context):
    return context.get(TRANSLATIONS) or get_translations()


@pass_context
def _template_gettext(context, string, **variables):
    return _finish(context, _catalogue(context).ugettext(string), variables)


@pass_context
def _template_ngettext(context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return _finish(context, _catalogue(context).ungettext(singular, plural, num), variables)


@pass_context
def _template_pgettext(context, message_context, string, **variables):
    return _finish(context, _catalogue(context).upgettext(message_context, string), variables)


@pass_context
def _template_npgettext(context, message_context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    return _finish(context, _catalogue(context).unpgettext(message_context, singular, plural, num), variables)


def _put_in(translated, variables):
    template, values = typography.prepared(translated, variables)
    return template % values


def _finish(context, translated, variables):
    # as Jinja's own "newstyle" gettext: escaped values, always formatted; elided before that
    template, values = typography.prepared(translated, variables)
    if context.eval_ctx.autoescape:
        # nosec B704: the template is our own catalogue's text (as Jinja's newstyle gettext does);
        # Markup's % escapes every value put into it
        template = Markup(template)  # nosec B704
    return template % values


def init_i18n(app):
    """After Flask-Babel's init: its messages and the templates' `_` elide in French."""
    babel = app.extensions["babel"]
    babel.instance.domain_instance = ElidingDomain(domain=babel.default_domain)
    app.jinja_env.globals.update(gettext=_template_gettext, ngettext=_template_ngettext,
                                 pgettext=_template_pgettext, npgettext=_template_npgettext)
    app.context_processor(lambda: {TRANSLATIONS: get_translations()})
