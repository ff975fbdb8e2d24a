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
    upper = prefix_upper_bound(prefix)
    return (field >= prefix) if upper is None else (field >= prefix) & (field < upper)
