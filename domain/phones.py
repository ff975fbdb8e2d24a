"""Phone numbers as people type them, kept in one international form (python-phonenumbers)."""

import phonenumbers

DEFAULT_REGION = "BE"


class InvalidPhoneNumber(ValueError):
    """The value is not a phone number that can be dialled."""


def phone_number(value):
    """'02 123 45 67' -> '+32 2 123 45 67'; a number without country code is taken as Belgian."""
    try:
        parsed = phonenumbers.parse(value or "", DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(str(error)) from error
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber("not a valid phone number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
