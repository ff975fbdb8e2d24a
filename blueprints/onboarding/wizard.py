"""The access request as a wizard: each step validates before the next; nothing is stored before
'Registreren'.

What was typed travels with the form, as a signed token in a hidden field: any app process can
serve the next step, and going back to correct a step keeps everything.
"""

import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField

from db.access_requests import AccessRequest
from domain.onboarding import asks_replacement
from domain.refusals import Refused

from .forms import YES, EnterpriseStep, LocalAdminStep, ReplaceStep, SignerStep

ENTERPRISE, REPLACE, ADMIN, SIGNER, OVERVIEW = "enterprise", "replace", "admin", "signer", "overview"
STEP_FORMS = {ENTERPRISE: EnterpriseStep, REPLACE: ReplaceStep, ADMIN: LocalAdminStep, SIGNER: SignerStep}
STEP_TITLES = {
    ENTERPRISE: _l("Your enterprise"),
    REPLACE: _l("Your current local administrator"),
    ADMIN: _l("Your local administrator"),
    SIGNER: _l("The responsible"),
    OVERVIEW: _l("Overview"),
}
YES_NO_FIELDS = ("replaces_local_admin", "signer_works_in_enterprise")
# a form left open longer than this starts again
MAX_AGE_SECONDS = 24 * 3600


class WizardExpired(Exception):
    """The token is not ours, or too old."""


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="access-request-wizard")


class Wizard:
    """The steps done so far: `data` holds every field's value as typed or made canonical."""

    def __init__(self, data=None, form_token=None):
        self.data = data or {}
        # the same for every post of this one form: what makes a double click file one request
        self.form_token = form_token or secrets.token_urlsafe(24)
        self._replacement_asked = {}

    @classmethod
    def from_token(cls, token):
        try:
            state = _serializer().loads(token or "", max_age=MAX_AGE_SECONDS)
        except BadSignature as error:
            raise WizardExpired() from error
        return cls(state["data"], state["form_token"])

    def token(self):
        return _serializer().dumps({"data": self.data, "form_token": self.form_token})

    # -- the steps -------------------------------------------------------------------------

    def steps(self):
        """The steps of this request: the replacement question only for an enterprise with a local admin."""
        steps = [ENTERPRISE, ADMIN, SIGNER, OVERVIEW]
        if self._asks_replacement():
            steps.insert(1, REPLACE)
        return steps

    def _asks_replacement(self):
        numbers = (self.data.get("kbo_number"), self.data.get("rsz_number"))
        # asked several times per request (the step list, the next step): look it up once per numbers
        if numbers not in self._replacement_asked:
            try:
                self._replacement_asked[numbers] = asks_replacement(*numbers)
            except Refused:
                self._replacement_asked[numbers] = False
        return self._replacement_asked[numbers]

    def form(self, step, csrf=True):
        """The step's form, filled with what was typed before."""
        return STEP_FORMS[step](formdata=MultiDict(self.data), meta={"csrf": csrf})

    def is_done(self, step):
        if step == REPLACE:
            return self.data.get("replaces_local_admin") == YES
        return self.form(step, csrf=False).validate()

    def next_step(self):
        """The first step still to do, or the overview."""
        return next((step for step in self.steps()[:-1] if not self.is_done(step)), OVERVIEW)

    def previous_step(self, step):
        steps = self.steps()
        return steps[max(steps.index(step) - 1, 0)] if step in steps else ENTERPRISE

    # -- keeping what was typed ------------------------------------------------------------

    def keep(self, form):
        """Keep a validated step's data (identifiers in their canonical form)."""
        for field in _fields_of(form):
            if isinstance(field, BooleanField):
                self.data.pop(field.name, None)
                if field.data:
                    self.data[field.name] = "y"
            else:
                self.data[field.name] = field.data or ""

    def keep_draft(self, step, formdata):
        """Keep what was typed in a step, valid or not (on 'back')."""
        if step not in STEP_FORMS:
            return
        for field in _fields_of(STEP_FORMS[step](formdata=formdata, meta={"csrf": False})):
            self.data.pop(field.name, None)
            if field.name in formdata:
                self.data[field.name] = formdata.get(field.name)

    def fields(self):
        """The AccessRequest columns this wizard fills, from its data."""
        fields = {}
        for step in STEP_FORMS:
            fields.update({field.name: field.data for field in _fields_of(self.form(step, csrf=False))})
        for name in YES_NO_FIELDS:
            fields[name] = fields.get(name) == YES
        for name in ("kbo_number", "rsz_number", "admin_phone", "signer_phone"):
            fields[name] = fields.get(name) or None
        return fields

    def preview(self):
        """An unsaved AccessRequest holding the data, for the overview."""
        return AccessRequest(**self.fields())


def _fields_of(form):
    return [field for field in form if field.name != "csrf_token"]

