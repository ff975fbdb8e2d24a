"""The database handle every model shares, and the model base class."""

from peewee import DatabaseProxy, Model, Node

from db import prepared

# A proxy: the real database (SQLite or PostgreSQL) is chosen at start-up from DATABASE_URL.
database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False

    def joined(self, attribute, ask):
        """The row a look-up joined onto this instance under `attribute` (None when it found none),
        read with it rather than asked again; `ask()` when this instance was read without it."""
        return self.__dict__[attribute] if attribute in self.__dict__ else ask()

    def save(self, force_insert=False, only=None):
        """As peewee's, but a new row with an auto-incremented key is written by a statement built
        once per set of columns (db/prepared.py: every change writes at least an audit event)."""
        meta = self._meta
        if only is not None or self._pk is not None or not meta.auto_increment or meta.composite_key:
            return super().save(force_insert=force_insert, only=only)
        data = dict(self.__data__)
        self._populate_unsaved_relations(data)
        if any(isinstance(value, Node) for value in data.values()):
            return super().save(force_insert=force_insert, only=only)  # an SQL expression as a value
        data.pop(meta.primary_key.name, None)
        self._pk = prepared.insert(type(self), data)
        self._dirty.clear()
        return 1
