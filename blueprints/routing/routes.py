"""The Routing Module: 'Algemene inlichtingen' and 'Consulteren of wijzigen'."""

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from db.accounts import Role
from db.applications import Application
from db.exchange import ExchangeRegistration
from db.routing import Destination
from domain.exchange import channel_problems
from domain.routing import change_route, route_of, routing_table
from web.access import current_actor, get_or_404, role_required
from web.form_page import focus, go_to, handle_form
from web.i18n import current_language
from web.rendering import render

from .forms import RouteForm

bp = Blueprint("routing", __name__, url_prefix="/routing")


@bp.get("/")
@role_required(Role.LOCAL_ADMIN)
def index():
    """'Algemene inlichtingen': what the Routing Module does."""
    return render("routing/index.html")


@bp.get("/settings")
@role_required(Role.LOCAL_ADMIN)
def settings():
    """'Consulteren of wijzigen': where each application's notifications and tasks go."""
    return routing_page()


@bp.route("/settings/<code>", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def edit(code):
    """One application's line of the Routing Module as a form."""
    application = get_or_404(Application.select().where(Application.code == code))
    form = RouteForm.for_route(route_of(current_user.enterprise, application))
    return handle_form(
        form, lambda: change_route(current_actor(), application, destination=form.destination.data,
                                   email=form.email.data, version=form.version.data),
        page=lambda form, status: routing_page(form, application, status),
        done=go_to("routing.settings", _("The Routing Module was saved for %(application)s.",
                                         application=application.name(current_language())), saved=code),
        fresh=lambda: RouteForm.for_route(route_of(current_user.enterprise, application), stored=True))


def routing_page(form=None, editing=None, status=200):
    """The Routing Module's table (or just the table, for htmx); `editing` shows as `form`."""
    enterprise = current_user.enterprise
    if form is not None and status == 200:
        focus(form.destination)
    routes = routing_table(enterprise)
    # the channel's problems matter (and are looked up) only when a route uses the channel
    uses_channel = any(route.destination == Destination.STRUCTURED_MESSAGES for route in routes)
    problems = channel_problems(ExchangeRegistration.registration_of(enterprise)) if uses_channel else []
    return render("routing/settings.html", "routing/_settings.html", status=status, routes=routes,
                  form=form, editing=editing, problems=problems)
