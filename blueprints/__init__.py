"""One blueprint per area of the manual; each has its routes, its forms and templates/<area>/."""

from blueprints.account.routes import bp as account
from blueprints.auth.routes import bp as auth
from blueprints.backoffice.routes import bp as backoffice
from blueprints.exchange.routes import bp as exchange
from blueprints.onboarding.routes import bp as onboarding
from blueprints.public.routes import bp as public
from blueprints.routing.routes import bp as routing
from blueprints.stts.routes import bp as stts
from blueprints.users.routes import bp as users
from blueprints.welcome.routes import bp as welcome

BLUEPRINTS = [public, auth, account, welcome, users, stts, onboarding, backoffice, routing, exchange]


def register_blueprints(app):
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
