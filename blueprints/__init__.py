"""One blueprint per area of the manual; each has its routes, its forms and templates/<area>/."""

import importlib

# the areas, each a package blueprints/<area>/ whose routes module defines `bp`
AREAS = ["public", "auth", "account", "welcome", "users", "stts", "onboarding", "backoffice", "routing",
         "exchange", "channel", "second_factor", "invitations", "history"]


def register_blueprints(app):
    for area in AREAS:
        app.register_blueprint(importlib.import_module(f"blueprints.{area}.routes").bp)
