"""The back office's forms: the queue's filter and search, and rejecting a request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, ValidationError

from db.access_requests import RejectionReason, RequestStatus
from domain.onboarding import REJECTION_REASON_NAMES, STATUS_NAMES, search_criteria

TO_HANDLE, ALL = "to_handle", "all"
STATUS_FILTERS = {TO_HANDLE: RequestStatus.TO_HANDLE, ALL: RequestStatus.ALL,
                  **{status: (status,) for status in RequestStatus.ALL}}


class QueueFilter(FlaskForm):
    """Read from the URL (GET), so a filtered queue can be bookmarked and paged."""

    class Meta:
        csrf = False

    # what `q` asks for, once validated (see domain.onboarding.search_criteria)
    criteria = {}

    status = SelectField(
        _l("Status"), default=TO_HANDLE, validate_choice=False,
        choices=[SelectChoice(TO_HANDLE, _l("To handle")), SelectChoice(ALL, _l("All requests")),
                 *(SelectChoice(status, STATUS_NAMES[status]) for status in RequestStatus.ALL)],
        validators=[AnyOf(tuple(STATUS_FILTERS), _l("Choose one of the statuses listed."))],
    )
    q = StringField(_l("Ticket number, enterprise number or RSZ number"), validators=[Length(max=40)],
                    render_kw={"type": "search", "autocomplete": "off", "spellcheck": "false"})

    def validate_q(self, field):
        try:
            self.criteria = search_criteria(field.data)
        except ValueError as error:
            raise ValidationError(_l("Enter a ticket number (like STTS-7K2M-9QXD), an enterprise number "
                                     "or an RSZ number.")) from error

    def statuses(self):
        """The statuses to list: a ticket number finds its request whatever its status."""
        if getattr(self, "criteria", {}).get("ticket"):
            return RequestStatus.ALL
        return STATUS_FILTERS.get(self.status.data, RequestStatus.TO_HANDLE)


class RejectForm(FlaskForm):
    reason = RadioField(
        _l("Reason"), validate_choice=False,
        choices=[SelectChoice(reason, REJECTION_REASON_NAMES[reason]) for reason in RejectionReason.ALL],
        validators=[InputRequired(_l("Choose the reason for the rejection.")),
                    AnyOf(RejectionReason.ALL, _l("Choose one of the reasons listed."))],
    )
    note = TextAreaField(_l("Note for the file (optional)"), validators=[Length(max=1000)])
