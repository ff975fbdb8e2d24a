"""Belgian identifiers: national register number, KBO (enterprise) number, RSZ number.

python-stdnum validates the first two; the RSZ employer number has no stdnum module, so its
small check lives here. Every rule accepts dots, dashes and spaces in its input, returns the
canonical digits, or raises Refused with the message next to `field`.
"""

import re

from flask_babel import lazy_gettext as _l
from stdnum.be import ssn, vat
from stdnum.exceptions import ValidationError

from domain.refusals import Refused

INVALID_NATIONAL_NUMBER = _l(
    "This is not a valid national register number (11 digits, e.g. 85.07.30-033.28).")
INVALID_ENTERPRISE_NUMBER = _l("This is not a valid enterprise number (KBO, 10 digits, e.g. 0566.988.259).")
INVALID_RSZ_NUMBER = _l("This is not a valid RSZ number (9 digits, e.g. 0009354-67).")


def national_number(value, field="national_number"):
    """The 11 digits of a national register number or bis number, or Refused."""
    try:
        return ssn.validate(value or "")
    except ValidationError as error:
        raise Refused(INVALID_NATIONAL_NUMBER, field) from error


def digits(value):
    """Only the digits of what was typed, in whatever formatting: '85.11.03' -> '851103' (for a prefix
    search while the number is being typed)."""
    return _NOT_DIGITS.sub("", value or "")


def format_national_number(digits):
    """'85073003328' -> '85.07.30-033.28'."""
    if not digits:
        return ""
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}-{digits[6:9]}.{digits[9:11]}"


def enterprise_number(value, field="kbo_number"):
    """The 10 digits of a KBO number (first digit 0 or 1), or Refused."""
    try:
        return vat.validate(value or "")
    except ValidationError as error:
        raise Refused(INVALID_ENTERPRISE_NUMBER, field) from error


def format_enterprise_number(digits):
    """'0566988259' -> '0566.988.259'."""
    if not digits:
        return ""
    return f"{digits[0:4]}.{digits[4:7]}.{digits[7:10]}"


_SEPARATORS = re.compile(r"[\s.\-/]")
_NOT_DIGITS = re.compile(r"\D")


def rsz_number(value, field="rsz_number"):
    """The 9 digits of an RSZ employer number: 7 digits and 2 check digits, or Refused.

    The check digits are 96 - (base * 100 mod 97): 0009354-67 is valid.
    """
    digits = _SEPARATORS.sub("", value or "")
    if not (len(digits) == 9 and digits.isascii() and digits.isdigit()):
        raise Refused(INVALID_RSZ_NUMBER, field)
    base, check = int(digits[:7]), int(digits[7:])
    if base == 0 or check != rsz_check_digits(base):
        raise Refused(INVALID_RSZ_NUMBER, field)
    return digits


def rsz_check_digits(base):
    """The two check digits of an RSZ employer number's 7-digit base."""
    return 96 - (base * 100) % 97


def format_rsz_number(digits):
    """'000935467' -> '0009354-67'."""
    if not digits:
        return ""
    return f"{digits[:7]}-{digits[7:]}"
