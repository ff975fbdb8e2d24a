"""The invitation's form: the password the person chooses."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import EqualTo, Length

from web.forms import Required, StrongPassword


class ChoosePasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[Required(_l("Enter a new password.")), Length(max=200), StrongPassword()],
        render_kw={"autocomplete": "new-password"},
    )
    repeat_password = PasswordField(
        _l("Repeat the new password"),
        validators=[Required(_l("Repeat the new password.")),
                    EqualTo("new_password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )
