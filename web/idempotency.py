"""The form token that makes a change happen once per form (domain.form_tokens).

    form = OnceForm()
    handle_form(form, lambda: users.reset_password(current_actor(), account, form_token=form.token), ...)

The form carries a random 256-bit token in a hidden field, signed with the app's key together
with the account it was made for and when (db.clock): a token of another account, a forged one,
or one older than domain.form_tokens.TOKEN_LIFETIME is refused above the form (422, what was typed
kept, a fresh token given). A form whose token was spent already counts as submitted even when its
fields no longer validate (the username it registered is now taken: by itself): the domain then
answers the first answer.
"""

import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField
from wtforms.validators import ValidationError

from db import clock
from domain import form_tokens
from web.access import current_actor

NOT_VALID = _l("This form is too old or was not made for you: nothing was done. Check the data and "
               "send the form again.")


class OnceField(HiddenField):
    """The hidden token. `token` is the raw token once it validated, else None."""

    token = None
    renew = False

    def _value(self):
        if self.token and not self.renew and not self.errors:
            return self.data
        return _serializer().dumps([_account_id(), secrets.token_urlsafe(32), clock.timestamp()])

    @property
    def value(self):
        """The token as the form sends it (for a button's hidden field outside a rendered form)."""
        return self._value()

    def pre_validate(self, form):
        self.token = None
        try:
            account_id, token, made = _serializer().loads(self.data or "")
        except (BadSignature, ValueError, TypeError):
            raise ValidationError(str(NOT_VALID)) from None
        age = clock.timestamp() - made if isinstance(made, int) else -1
        if account_id != _account_id() or not isinstance(token, str) or not (
                0 <= age <= form_tokens.TOKEN_LIFETIME.total_seconds()):
            raise ValidationError(str(NOT_VALID))
        self.token = token


class OnceForm(FlaskForm):
    """A form that changes something once, however often it is posted."""

    form_token = OnceField()

    @property
    def token(self):
        """The raw token (for the domain), or None when it did not validate."""
        return self.form_token.token

    @property
    def refusal(self):
        return self.__dict__.get("_refusal")

    @refusal.setter
    def refusal(self, refusal):
        # spent on something else, or its answer gone: the next post needs a new token
        self.__dict__["_refusal"] = refusal
        if isinstance(refusal, form_tokens.SentAlready):
            self.form_token.renew = True

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        self.form_errors.extend(error for error in self.form_token.errors if error not in self.form_errors)
        return valid

    def validate_on_submit(self, extra_validators=None):
        if super().validate_on_submit(extra_validators):
            return True
        # posted again after it did its change: the domain answers the first answer
        return self.is_submitted() and self.sent_before()

    def sent_before(self):
        """True when this form's token (valid, with a valid CSRF token) was spent already."""
        csrf = getattr(self, "csrf_token", None)
        if self.token is None or (csrf is not None and csrf.errors):
            return False
        return form_tokens.is_spent(current_actor(), self.token)


def _account_id():
    return current_user.id if current_user.is_authenticated else None


def _serializer():
    return URLSafeSerializer(current_app.secret_key, salt="stts.form-token")
