"""The second factor's forms: a code, the enterprise's requirement."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import Length

from web.forms import Required, strip, version_number


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"), filters=[strip],
        validators=[Required(_l("Enter the 6 digits your authenticator app shows.")), Length(max=64)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"},
    )


class RequirementForm(FlaskForm):
    required = BooleanField(_l("Require a second factor of every user of the enterprise"))
    version = HiddenField(filters=[version_number])


class ConfirmForm(FlaskForm):
    """A button-only form: it carries the CSRF token."""
