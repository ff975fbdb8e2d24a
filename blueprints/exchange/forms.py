"""The registration for the exchange via structured messages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from db.applications import Application
from db.exchange import Authentication
from web.forms import Required, posted_or_filled, row_id, strip, version_number
from web.i18n import current_language


def _account_id(value):
    """The posted account id; anything else becomes None (the domain refuses it)."""
    if isinstance(value, int):
        return value
    return row_id(value or "") or None


class ExchangeForm(FlaskForm):
    technical_sender = SelectField(
        _l("Technical sender"), coerce=_account_id, validate_choice=False,
        validators=[Required(_l("Choose the technical sender."))],
    )
    authentication = RadioField(
        _l("Authentication of the channel"),
        choices=[SelectChoice(*pair) for pair in Authentication.choices()],
        validators=[Required(_l("Choose how the channel authenticates."))],
    )
    applications = SelectMultipleField(
        _l("Applications for which the channel is used"), validate_choice=False,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
    )
    # the version of the registration the form was read at (0: none yet)
    version = HiddenField(filters=[version_number])

    @classmethod
    def for_registration(cls, registration, candidates, stored=False):
        """The form as posted, or filled with the registration (or empty; `stored`: after a conflict),
        offering `candidates` as sender."""
        data = {"version": 0, "authentication": Authentication.PASSWORD, "applications": []}
        if registration is not None:
            data = {"version": registration.version, "authentication": registration.authentication,
                    "technical_sender": registration.technical_sender_id,
                    "applications": [a.code for a in registration.applications()]}
        form = posted_or_filled(cls, data, stored)
        form.candidates = candidates = list(candidates)
        language = current_language()
        form.technical_sender.choices = [SelectChoice("", _l("Choose a user"))] + [
            SelectChoice(account.id, f"{account.full_name} ({account.username})") for account in candidates]
        form.applications.choices = [SelectChoice(a.code, a.name(language)) for a in Application.catalogue()]
        return form


class UploadForm(FlaskForm):
    """A file of structured messages, sent from the browser instead of the enterprise's system."""

    message_file = FileField(
        _l("XML file"), validators=[FileRequired(_l("Choose the XML file to send."))],
        render_kw={"accept": ".xml,application/xml"})


class HistoryForm(FlaskForm):
    """The history's search: the message id, or its beginning."""

    class Meta:
        csrf = False

    message_id = StringField(_l("Message id"), filters=[strip],
                             description=_l("The id your system gave the message, or its beginning."))
