"""Field types shared by the models."""

from peewee import CharField

from db.connection import is_postgresql
from db.text import prefix_upper_bound


class SearchKeyField(CharField):
    """A normalised search key (see domain.text.search_key), compared byte by byte.

    PostgreSQL gets the "C" collation so that a prefix range scan can use a plain b-tree index;
    SQLite compares byte-wise already.
    """

    def ddl(self, ctx):
        self.collation = '"C"' if is_postgresql(self.model._meta.database) else None
        return super().ddl(ctx)


def starts_with(field, prefix):
    """`field` starts with `prefix`, written as a range so an index on `field` serves it."""
    return (field >= prefix) & (field < prefix_upper_bound(prefix))


# A name search takes at most this many matching words (in the order of the words, then the ids)
# before it sorts them: its work is bounded by this, not by the number of users or dossiers. Four
# times the count cap of the screens (web.paging.COUNT_CAP): one person may match one word typed
# through several of their words (first name, last name, username), and the screens still learn
# that there are "more than 1,000".
MATCH_CAP = 4 * (1000 + 1)
