"""Dossiers are found by the beginning of the first name too: a search key for it, and its index."""

from playhouse.migrate import migrate

from db.dossiers import Dossier
from db.text import search_key

INDEX = "dossier_enterprise_id_first_name_key"


def upgrade(migrator, database):
    """Add dossier.first_name_key with its index, and fill it in for the dossiers there are."""
    # 0005 creates the dossier table from today's model: a database that had neither migration
    # gets the column and the index there already
    if "first_name_key" not in {column.name for column in database.get_columns("dossier")}:
        migrate(migrator.add_column("dossier", "first_name_key", Dossier.first_name_key))
    if INDEX not in {index.name for index in database.get_indexes("dossier")}:
        migrate(migrator.add_index("dossier", ("enterprise_id", "first_name_key"), False))
    # one UPDATE per first name, not per dossier: the key is made in Python (accents, case)
    first_names = Dossier.select(Dossier.first_name).distinct().tuples()
    for (first_name,) in list(first_names):
        (Dossier.update(first_name_key=search_key(first_name))
         .where(Dossier.first_name == first_name).execute())
