"""The database handle every model shares, and the model base class."""

from peewee import DatabaseProxy, Model

# A proxy: the real database (SQLite or PostgreSQL) is chosen at start-up from DATABASE_URL.
database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
