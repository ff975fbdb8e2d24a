"""The back office's forms: the queue's filter and search, and rejecting a request."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, Length

from db.access_requests import RejectionReason, RequestStatus
from domain.onboarding import search_criteria
from web.forms import Required, apply_rule

TO_HANDLE, ALL = "to_handle", "all"
STATUS_FILTERS = {TO_HANDLE: RequestStatus.to_handle(), ALL: tuple(RequestStatus),
                  **{status.value: (status,) for status in RequestStatus}}


class QueueFilter(FlaskForm):
    """Read from the URL (GET), so a filtered queue can be bookmarked and paged."""

    class Meta:
        csrf = False

    # what `q` asks for, once validated (see domain.onboarding.search_criteria)
    criteria = {}

    status = SelectField(
        _l("Status"), default=TO_HANDLE, validate_choice=False,
        choices=[SelectChoice(TO_HANDLE, _l("To handle")), SelectChoice(ALL, _l("All requests")),
                 *(SelectChoice(*pair) for pair in RequestStatus.choices())],
        validators=[AnyOf(tuple(STATUS_FILTERS), _l("Choose one of the statuses listed."))],
    )
    q = StringField(_l("Ticket number, enterprise number or RSZ number"), validators=[Length(max=40)],
                    render_kw={"type": "search", "autocomplete": "off", "spellcheck": "false"})

    def validate_q(self, field):
        # the field keeps what was typed; the criteria are what it asks for
        self.criteria = apply_rule(search_criteria, self, field) or {}

    def statuses(self):
        """The statuses to list: a ticket number finds its request whatever its status."""
        if self.criteria.get("ticket"):
            return tuple(RequestStatus)
        return STATUS_FILTERS.get(self.status.data, RequestStatus.to_handle())


class RejectForm(FlaskForm):
    reason = RadioField(
        _l("Reason"), validate_choice=False,
        choices=[SelectChoice(*pair) for pair in RejectionReason.choices()],
        validators=[Required(_l("Choose the reason for the rejection.")),
                    AnyOf(RejectionReason.codes(), _l("Choose one of the reasons listed."))],
    )
    note = TextAreaField(_l("Note for the file (optional)"), validators=[Length(max=1000)])
