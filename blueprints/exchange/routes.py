"""'Uitwisseling via gestructureerde berichten': 'Registratie van de nodige informatie'."""

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from db.accounts import Role
from db.exchange import ExchangeRegistration
from domain.certificates import usable_certificate
from domain.exchange import channel_problems, register
from web.access import current_actor, role_required
from web.form_page import go_to, handle_form
from web.rendering import render

from .forms import ExchangeForm

bp = Blueprint("exchange", __name__, url_prefix="/exchange")


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def index():
    """The technical sender, the channel's authentication and the applications it is used for."""
    form = registration_form()
    return handle_form(
        form, lambda: register(current_actor(), sender_id=form.technical_sender.data,
                               authentication=form.authentication.data,
                               application_codes=form.applications.data, version=form.version.data),
        page=exchange_page,
        done=go_to("exchange.index", lambda changed: _(
            "The information for the exchange via structured messages was saved.") if changed
            else _("Nothing was changed.")),
        fresh=lambda: registration_form(stored=True))


def registration_form(stored=False):
    """The registration form as posted, or filled from the stored registration."""
    enterprise = current_user.enterprise
    return ExchangeForm.for_registration(ExchangeRegistration.registration_of(enterprise),
                                         ExchangeRegistration.sender_candidates(enterprise), stored=stored)


def exchange_page(form, status):
    """The registration page (or its form, for htmx)."""
    enterprise = current_user.enterprise
    return render("exchange/index.html", "exchange/_registration.html", status=status, form=form,
                  problems=channel_problems(ExchangeRegistration.registration_of(enterprise)),
                  certificate=usable_certificate(enterprise))
