"""The enterprise's certificates, the Routing Module and the structured-message registration."""

from db.certificates import Certificate
from db.exchange import ExchangeApplication, ExchangeRegistration
from db.routing import RoutingRule


def upgrade(migrator, database):
    """Create the four new tables (and their indexes); existing tables do not change."""
    database.create_tables([Certificate, RoutingRule, ExchangeRegistration, ExchangeApplication])
