"""Form pieces used across areas: identifier fields, usernames and the password policy."""

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from db.text import normalize_username
from domain import identifiers
from domain.passwords import password_problems
from domain.usernames import format_problem


class _Identifier:
    """A validator that accepts any usual formatting and leaves the canonical digits in .data."""

    parse = None
    message = None

    def __call__(self, form, field):
        if not field.data:
            return
        try:
            field.data = type(self).parse(field.data)
        except identifiers.InvalidIdentifier as error:
            raise ValidationError(str(self.message)) from error


class NationalNumber(_Identifier):
    parse = staticmethod(identifiers.national_number)
    message = identifiers.INVALID_NATIONAL_NUMBER


class EnterpriseNumber(_Identifier):
    parse = staticmethod(identifiers.enterprise_number)
    message = _l("This is not a valid enterprise number (KBO, 10 digits, e.g. 0566.988.259).")


class RszNumber(_Identifier):
    parse = staticmethod(identifiers.rsz_number)
    message = _l("This is not a valid RSZ number (9 digits, e.g. 0009354-67).")


def username_format(form, field):
    """Usernames: 3 to 50 lower-case letters, digits, dots, dashes or underscores; not 'tmp-...'."""
    field.data = normalize_username(field.data)
    problem = format_problem(field.data) if field.data else None
    if problem:
        raise ValidationError(str(problem))


class StrongPassword:
    """The password policy of domain.passwords.

    The password must not lean on the person's own words: those in the named fields of the form,
    and those the view puts in `form.personal_words` (e.g. the signed-in account's names).
    """

    def __init__(self, *personal_fields):
        self.personal_fields = personal_fields

    def __call__(self, form, field):
        personal = list(getattr(form, "personal_words", ()))
        personal += [getattr(form, name).data or "" for name in self.personal_fields if hasattr(form, name)]
        problems = password_problems(field.data or "", personal)
        if problems:
            raise ValidationError(str(problems[0]))
