"""The data layer: Peewee models, the connection, the schema migrations and the demo data."""
