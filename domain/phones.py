"""Phone numbers as people type them, kept in one international form (python-phonenumbers)."""

import phonenumbers
from flask_babel import lazy_gettext as _l

from domain.refusals import Refused

DEFAULT_REGION = "BE"
INVALID_PHONE_NUMBER = _l("This is not a valid phone number (e.g. 02 511 11 11 or +32 470 12 34 56).")


def phone_number(value, field="phone"):
    """'02 123 45 67' -> '+32 2 123 45 67'; a number without country code is taken as Belgian.
    Refused when it is not a number that can be dialled."""
    try:
        parsed = phonenumbers.parse(value or "", DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise Refused(INVALID_PHONE_NUMBER, field) from error
    if not phonenumbers.is_valid_number(parsed):
        raise Refused(INVALID_PHONE_NUMBER, field)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
