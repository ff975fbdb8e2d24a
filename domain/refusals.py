"""How a business rule says no: a message for the person, the form field it is about, and the
HTTP status that tells the truth. Every area raises these; the screens show them next to the
field (web.form_helpers.show_refusal), the XML channel will turn them into its error answers."""

from flask_babel import lazy_gettext as _l

STALE_DATA = _l("These data were changed in the meantime (perhaps by you, in another window). "
                "Nothing was saved. Check the data below and save again.")


class Refused(Exception):
    """The change breaks a rule; nothing was changed.

    `message` is a translatable string for the person; `field` names the form field the message
    belongs next to (None: the form as a whole).
    """

    status = 422

    def __init__(self, message, field=None, status=None):
        # the message stays lazy: it is put in words when shown, in the reader's language
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status


class NotAllowed(Refused):
    """This person may not do this to this record (e.g. block themselves)."""

    status = 403


class StaleData(Refused):
    """Someone changed the data since the form was read; nothing was changed."""

    status = 409

    def __init__(self, message=STALE_DATA, field=None):
        super().__init__(message, field)
