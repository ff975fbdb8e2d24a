"""The Routing Module's form: where one application's notifications and tasks go."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, RadioField, SelectChoice
from wtforms.validators import Email, Length, StopValidation, ValidationError

from db.routing import Destination
from domain.emails import INVALID_EMAIL
from web.forms import Required, posted_or_filled, strip, version_number


class RouteForm(FlaskForm):
    destination = RadioField(
        _l("Notifications and tasks go to"),
        choices=[SelectChoice(*pair) for pair in Destination.choices()],
        validators=[Required(_l("Choose where the notifications and tasks go."))],
    )
    email = EmailField(_l("E-mail address"), filters=[strip], render_kw={"autocomplete": "email"})
    # the version of the route the form was read at (0: the default, nothing stored yet)
    version = HiddenField(filters=[version_number])

    @classmethod
    def for_route(cls, route, stored=False):
        """The form as posted, or filled with a route of domain.routing (to start, or `stored` after
        a conflict)."""
        data = {"destination": route.destination, "email": route.email, "version": route.version}
        return posted_or_filled(cls, data, stored)

    def validate_email(self, field):
        """The address counts only when the notifications go to an e-mail address."""
        if self.destination.data != Destination.EMAIL:
            field.data = None
            raise StopValidation()
        if not field.data:
            raise ValidationError(_l("Enter the e-mail address the notifications and tasks go to."))
        Length(max=254, message=INVALID_EMAIL)(self, field)
        Email(INVALID_EMAIL, check_deliverability=False)(self, field)
