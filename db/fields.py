"""Field types shared by the models."""

from peewee import SQL, AutoField, CharField, NodeList

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


class NeverReusedIdField(AutoField):
    """An id the database never hands out twice, even after the row with the highest one is deleted.

    SQLite reuses the largest rowid of a deleted row unless the key is AUTOINCREMENT; a PostgreSQL
    SERIAL's sequence never goes back already. An account's id must never name another person later.
    """

    def ddl(self, ctx):
        node_list = super().ddl(ctx)
        if is_postgresql(self.model._meta.database):
            return node_list
        return NodeList((node_list, SQL("AUTOINCREMENT")))
