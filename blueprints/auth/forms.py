"""Sign-in and language forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import Length, ValidationError

from domain.languages import UNAVAILABLE as UNAVAILABLE_LANGUAGE
from web.forms import Required
from web.i18n import LANGUAGES

ENTERPRISE = "enterprise"
BACK_OFFICE = "backoffice"


class LoginForm(FlaskForm):
    portal = RadioField(
        _l("Sign in as"),
        choices=[
            SelectChoice(ENTERPRISE, _l("Enterprise")),
            SelectChoice(BACK_OFFICE, _l("Social Security back office")),
        ],
        default=ENTERPRISE,
        validators=[Required(_l("Choose how you sign in."))],
    )
    username = StringField(
        _l("Username"),
        validators=[Required(_l("Enter your username.")), Length(max=50)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[Required(_l("Enter your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class LanguageForm(FlaskForm):
    """The switcher in every page's header: one button per language (see base.html)."""

    lang = StringField()
    next = HiddenField()

    def validate_lang(self, field):
        if field.data not in LANGUAGES:
            raise ValidationError(UNAVAILABLE_LANGUAGE)
