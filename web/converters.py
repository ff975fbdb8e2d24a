"""URL converters: an `<int:…>` in a route matches only the ids a database can hold."""

from werkzeug.routing import IntegerConverter

from web.forms import MAX_ROW_ID


class RowIdConverter(IntegerConverter):
    """`<int:id>` up to 2**63 - 1: a longer number is a page that does not exist (404), not a
    database overflow (SQLite refuses a Python int past 64 bits with an OverflowError: a 500)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ROW_ID, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_converters(app):
    """Replace Flask's `int` converter before any blueprint registers a route."""
    app.url_map.converters["int"] = RowIdConverter
