"""The STTS application: the eligibility register, dossiers, their history and the operator's tasks."""

from db.dossiers import Dossier, DossierAction, Task
from db.eligibility import RegisterEntry


def upgrade(migrator, database):
    """Create the four new tables (with their indexes) in an existing database."""
    database.create_tables([RegisterEntry, Dossier, DossierAction, Task])
