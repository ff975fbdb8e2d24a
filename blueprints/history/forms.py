"""The filters of 'Historiek van de onderneming'."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SearchField, SelectField
from wtforms.validators import Length, Optional, ValidationError

from domain.activity import ACTIONS, action_name
from web.forms import strip

IMPOSSIBLE_DATE = _l("Type a date that exists, as day/month/year (e.g. 31/01/2026).")
UNTIL_BEFORE_SINCE = _l("The end of the period comes before its start.")


class LogFilter(FlaskForm):
    """A GET form: the URL is the filter (no CSRF token: it changes nothing)."""

    class Meta:
        csrf = False

    actor = SearchField(_l("Person acting"), filters=[strip], validators=[Length(max=100)])
    subject = SearchField(_l("Person or dossier concerned"), filters=[strip], validators=[Length(max=100)])
    action = SelectField(_l("Kind of action"), default="", validate_choice=True)
    since = DateField(_l("From"), validators=[Optional()], format=["%Y-%m-%d", "%d/%m/%Y"],
                      invalid_value_message=IMPOSSIBLE_DATE)
    until = DateField(_l("To"), validators=[Optional()], format=["%Y-%m-%d", "%d/%m/%Y"],
                      invalid_value_message=IMPOSSIBLE_DATE)
    enterprise = SearchField(_l("Enterprise number (KBO) or RSZ number"), filters=[strip],
                             validators=[Length(max=20)])

    def __init__(self, *args, officer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _l("All actions"))] + sorted(
            ((code, action_name(code)) for code in ACTIONS), key=lambda choice: str(choice[1]).lower())
        if not officer:
            del self.enterprise

    def validate_since(self, field):
        _within_reason(field)

    def validate_until(self, field):
        _within_reason(field)
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(UNTIL_BEFORE_SINCE)


def _within_reason(field):
    # year 1 or 9999 exist, but turn into no instant the database keeps
    if field.data and not 1900 <= field.data.year <= 2200:
        raise ValidationError(IMPOSSIBLE_DATE)
