"""How a business rule says no: a message for the person, and the form field it is about."""


class Refused(Exception):
    """The change breaks a rule; nothing was changed.

    `message` is a translatable string for the person; `field` names the form field the message
    belongs next to (None: the form as a whole); `status` is the HTTP status that tells the truth.
    """

    def __init__(self, message, field=None, status=422):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.status = status


class StaleData(Exception):
    """Someone changed the data since the form was read; nothing was changed."""
