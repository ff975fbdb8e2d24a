"""The Routing Module's form: where one application's notifications and tasks go."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, RadioField, SelectChoice
from wtforms.validators import Email, InputRequired, Length, StopValidation, ValidationError

from db.routing import Destination
from domain.emails import INVALID_EMAIL
from web.form_helpers import strip, version_number

DESTINATION_NAMES = {
    Destination.TASK_LIST: _l("The task list on the web"),
    Destination.STRUCTURED_MESSAGES: _l("The channel for structured messages"),
    Destination.EMAIL: _l("An e-mail address"),
}


class RouteForm(FlaskForm):
    destination = RadioField(
        _l("Notifications and tasks go to"),
        choices=[SelectChoice(code, name) for code, name in DESTINATION_NAMES.items()],
        validators=[InputRequired(_l("Choose where the notifications and tasks go."))],
    )
    email = EmailField(_l("E-mail address"), filters=[strip], render_kw={"autocomplete": "email"})
    # the version of the route the form was read at (0: the default, nothing stored yet)
    version = HiddenField(filters=[version_number])

    @classmethod
    def for_route(cls, route):
        """The form filled with a route of domain.routing."""
        return cls(data={"destination": route.destination, "email": route.email, "version": route.version})

    def validate_email(self, field):
        """The address counts only when the notifications go to an e-mail address."""
        if self.destination.data != Destination.EMAIL:
            field.data = None
            raise StopValidation()
        if not field.data:
            raise ValidationError(_l("Enter the e-mail address the notifications and tasks go to."))
        Length(max=254, message=INVALID_EMAIL)(self, field)
        Email(INVALID_EMAIL, check_deliverability=False)(self, field)
