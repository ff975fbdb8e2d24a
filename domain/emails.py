"""E-mail addresses: the syntax is checked, deliverability is not (no DNS look-ups)."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from domain.refusals import Refused

INVALID_EMAIL = _l("This is not a valid e-mail address (e.g. name@example.be).")


def check_email(address, field="email"):
    """`address` without surrounding spaces, or Refused about `field` when it is not an address."""
    address = (address or "").strip()
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        raise Refused(INVALID_EMAIL, field=field) from error
    return address
