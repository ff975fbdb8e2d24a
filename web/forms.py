"""The one adapter between the domain's rules and WTForms, and the form pieces every area uses.

A domain rule is a function that returns the canonical value or raises Refused(message, field);
`Rule` runs it as a field validator, so a form says exactly what the domain would say, and the
XML channel and the CLI meet the same rule and message.
"""

from flask import request
from wtforms.validators import InputRequired, StopValidation, ValidationError

from domain import identifiers
from domain.passwords import check_password
from domain.refusals import Refused


class Rule:
    """A field validator from a domain rule `check(value, **arguments)`.

    The canonical value it returns is left in `field.data` (e.g. the 11 digits of a national number).
    An argument may be a function of the form (e.g. `enterprise=lambda form: form.enterprise`). An
    empty field is left to InputRequired or Optional.
    """

    def __init__(self, check, **arguments):
        self.check = check
        self.arguments = arguments

    def __call__(self, form, field):
        result = apply_rule(self.check, form, field, **self.arguments)
        if result is not None:
            field.data = result


def apply_rule(check, form, field, **arguments):
    """What the domain rule `check` returns for the field's value, or ValidationError with its message.

    None for an empty field. A refusal about another field of the same form is not this field's
    error (that field's own validator reports it): then None too.
    """
    if field.data is None or field.data == "" or field.data == []:
        return None
    values = {name: value(form) if callable(value) else value for name, value in arguments.items()}
    try:
        return check(field.data, **values)
    except Refused as refusal:
        if refusal.field and refusal.field != field.name and refusal.field in form:
            return None
        raise ValidationError(str(refusal.message)) from refusal


class Required(InputRequired):
    """InputRequired for every form: a field must be given, and spaces alone are not an answer.

    WTForms' InputRequired takes "   " as input (its strip filter then leaves an empty value that
    no other rule looks at); here it is empty, with the field's own message. It marks the field
    required, which its label says in words ("(verplicht)").
    """

    def __call__(self, form, field):
        if any(value is not None and (not isinstance(value, str) or value.strip())
               for value in field.raw_data or ()):
            return
        field.errors[:] = []
        raise StopValidation(self.message or field.gettext("This field is required."))


# the largest value an INTEGER column holds (PostgreSQL's is 32 bits)
MAX_INTEGER = 2**31 - 1
# the largest id a URL or a form may name: SQLite's (and PostgreSQL's bigint) 64 bits; past it, no row
MAX_ROW_ID = 2**63 - 1


def whole_number(value, limit=MAX_ROW_ID):
    """`value` (text of ASCII digits, an optional minus) as an int within +-`limit`; else ValueError.

    For `request.args.get(name, default, type=whole_number)`, where a ValueError means the default,
    and for a form's `coerce`: `int()` alone takes '²', '1_000' or 10**30 and the database then fails.
    """
    text = value if isinstance(value, str) else str(value)
    digits = text[1:] if text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(limit)):
        raise ValueError(f"not a whole number: {text[:20]!r}")
    number = int(text)
    if abs(number) > limit:
        raise ValueError(f"out of range: {text[:20]!r}")
    return number


def row_id(value):
    """A posted row id as an int; a garbled or huge one becomes 0, which names no row (404)."""
    try:
        return whole_number(value)
    except ValueError:
        return 0


def version_number(value):
    """A hidden version field's value as an int; anything else (garbled, huge) counts as stale (-1)."""
    text = "" if value is None else str(value)
    if text.isascii() and text.isdigit() and int(text) <= MAX_INTEGER:
        return int(text)
    return -1


def strip(value):
    """A filter: typed text without surrounding spaces."""
    return value.strip() if isinstance(value, str) else value


def posted_or_filled(form_class, data, stored=False):
    """The form as posted (on a POST: what was posted alone, a missing field is empty), else filled
    with `data`; with `stored`, filled with `data` whatever the request: the row as stored now,
    shown after a conflict."""
    if request.method == "POST" and not stored:
        return form_class()
    return form_class(formdata=None, data=data)


def NationalNumber():  # noqa: N802 (reads like the validator classes of WTForms)
    """A national register number in any usual formatting; the 11 digits stay in .data."""
    return Rule(identifiers.national_number)


def EnterpriseNumber():  # noqa: N802
    """A KBO number in any usual formatting; the 10 digits stay in .data."""
    return Rule(identifiers.enterprise_number)


def RszNumber():  # noqa: N802
    """An RSZ number in any usual formatting; the 9 digits stay in .data."""
    return Rule(identifiers.rsz_number)


def StrongPassword(*personal_fields):  # noqa: N802
    """The password policy of domain.passwords.

    The password must not lean on the person's own words: those in the named fields of the form,
    and those the view puts in `form.personal_words` (e.g. the signed-in account's names).
    """

    def personal(form):
        words = list(getattr(form, "personal_words", ()))
        return words + [getattr(form, name).data or "" for name in personal_fields if hasattr(form, name)]

    return Rule(check_password, personal=personal)
