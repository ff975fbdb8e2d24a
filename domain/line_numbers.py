"""Belgian telephone line numbers (fixed or mobile): validated with `phonenumbers`, stored as E.164."""

import re

import phonenumbers
from flask_babel import lazy_gettext as _l
from phonenumbers import NumberParseException, PhoneNumberFormat

from domain.refusals import Refused

BAD_LINE = _l("This is not a valid Belgian fixed or mobile number (e.g. 0470 12 34 56 or 02 512 34 56).")


def line_number(value, field="line_number"):
    """The E.164 form of a Belgian number in any usual notation ('0470 12 34 56' -> '+32470123456'),
    or Refused."""
    try:
        number = phonenumbers.parse(value or "", "BE")
    except NumberParseException as error:
        raise Refused(BAD_LINE, field) from error
    if number.country_code != 32 or not phonenumbers.is_valid_number(number):
        raise Refused(BAD_LINE, field)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def format_line_number(e164):
    """The national notation people read: '+32470123456' -> '0470 12 34 56'."""
    if not e164:
        return ""
    return phonenumbers.format_number(phonenumbers.parse(e164, "BE"), PhoneNumberFormat.NATIONAL)


def line_number_prefix(typed):
    """The E.164 prefix of a number being typed ('0470 12' -> '+3247012'), for a prefix search."""
    # "+32 (0)2 ..." writes the trunk 0 between brackets: it is not part of the number
    typed = (typed or "").replace("(0)", "")
    digits = re.sub(r"\D", "", typed)
    # "32" and 10 digits or more: a number written internationally without its "+" (a "+" typed in
    # an address bar arrives as a space); a national number without its trunk 0 has 8 or 9 digits
    if typed.lstrip().startswith("+") or digits.startswith("0032") or (
            digits.startswith("32") and len(digits) >= 10):
        digits = digits.removeprefix("00")
        return f"+{digits}" if digits else ""
    return f"+32{digits.removeprefix('0')}" if digits else ""
