"""Migration 0003 brings an existing database the certificate, routing and exchange tables."""

from db import schema
from db.base import database
from db.certificates import Certificate
from db.enterprises import Enterprise
from db.exchange import ExchangeApplication, ExchangeRegistration
from db.routing import RoutingRule
from db.schema import SchemaMigration
from tests.factories import make_enterprise

NAME = "0003_certificates_routing_exchange"
NEW_TABLES = [ExchangeApplication, ExchangeRegistration, RoutingRule, Certificate]


def test_an_existing_database_gets_the_new_tables_and_keeps_its_data(app):
    operator = make_enterprise(name="BUCOM NL")
    database.drop_tables(NEW_TABLES)
    SchemaMigration.delete().where(SchemaMigration.name == NAME).execute()

    assert schema.migrate(database) == (False, [NAME])

    assert all(model.table_exists() for model in NEW_TABLES)
    indexes = {index.name for index in database.get_indexes("certificate")}
    assert "certificate_one_active_per_enterprise" in indexes
    assert Enterprise.get_by_id(operator.id).name == "BUCOM NL"
    assert schema.schema_version() >= NAME
