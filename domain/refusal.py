"""How a domain rule says no: the reason in the user's language, and the field it concerns."""


class Refused(Exception):
    """The rules refuse the action and nothing was changed. `message` is a lazy translated string;
    `field` names the form field it concerns (None: the form as a whole)."""

    status = 422

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class Stale(Refused):
    """Someone changed the record since the form was opened: no lost update."""

    status = 409


class Conflict(Refused):
    """The action was already done (e.g. a task handled twice)."""

    status = 409
