"""The Routing Module's part of the demo data: BUCOM NL announces its e-Box mail by e-mail."""

from db.applications import Application
from db.enterprises import Enterprise
from db.routing import Destination, RoutingRule


def load_routing_demo():
    """Add BUCOM NL's routing rule (the other applications keep the default, the web task list)."""
    bucom = Enterprise.by_number(kbo_number="0566988259")
    RoutingRule.create(enterprise=bucom, application=Application.get(Application.code == "ebox"),
                       destination=Destination.EMAIL, email="backoffice@bucom.example")
