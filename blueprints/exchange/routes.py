"""'Uitwisseling via gestructureerde berichten': 'Registratie van de nodige informatie'."""

from flask import Blueprint, flash
from flask_babel import gettext as _
from flask_login import current_user

from db.accounts import Role
from db.exchange import ExchangeRegistration
from domain.certificates import usable_certificate
from domain.exchange import channel_problems, register
from domain.refusals import Refused, StaleData
from web.access import role_required
from web.form_helpers import focus_first_error, show_refusal, show_stale_data
from web.rendering import render, see_other

from .forms import ExchangeForm

bp = Blueprint("exchange", __name__, url_prefix="/exchange")


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def index():
    """The technical sender, the channel's authentication and the applications it is used for."""
    enterprise = current_user.enterprise
    registration = ExchangeRegistration.registration_of(enterprise)
    candidates = list(ExchangeRegistration.sender_candidates(enterprise))
    form = ExchangeForm.for_registration(registration, candidates)
    if not form.validate_on_submit():
        return exchange_page(form, registration, candidates, 422 if form.is_submitted() else 200)
    try:
        changed = register(enterprise, sender_id=form.technical_sender.data,
                           authentication=form.authentication.data,
                           application_codes=form.applications.data, version=form.version.data)
    except StaleData:
        registration = ExchangeRegistration.registration_of(enterprise)
        form.version.data = registration.version if registration else 0
        return exchange_page(form, registration, candidates, show_stale_data(form))
    except Refused as refusal:
        return exchange_page(form, registration, candidates, show_refusal(form, refusal))
    flash(_("The information for the exchange via structured messages was saved.") if changed
          else _("Nothing was changed."), "success")
    return see_other("exchange.index")


def exchange_page(form, registration, candidates, status):
    """The registration page (or its form, for htmx)."""
    focus_first_error(form)
    return render("exchange/index.html", "exchange/_registration.html", status=status, form=form,
                  candidates=candidates,
                  problems=channel_problems(registration),
                  certificate=usable_certificate(current_user.enterprise))
