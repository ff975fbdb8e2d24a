"""Appointing a local admin: 'Hoe registreren', the access request, its ticket, and
'Maak een lokale beheerder' after the first login with provisional credentials."""

from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from db.access_requests import AccessRequest
from domain.first_login import complete_local_admin, existing_account
from domain.onboarding import file_access_request
from domain.refusals import Refused
from domain.tickets import normalize_ticket
from web.access import current_actor
from web.extensions import limiter, rate_limit
from web.form_page import handle_form, page, show_refusal
from web.i18n import current_language
from web.provisional import end_provisional_session, provisional_required
from web.rendering import render, wants_partial

from .forms import NO, LocalAdminForm, NewLocalAdminForm, TicketForm
from .wizard import ENTERPRISE, OVERVIEW, REPLACE, STEP_FORMS, STEP_TITLES, Wizard, WizardExpired

bp = Blueprint("onboarding", __name__, url_prefix="/onboarding")

# the tickets this browser filed: their confirmation pages open here, nowhere else
TICKETS_KEY = "tickets"


@bp.get("/")
def how_to_register():
    """Public. 'Hoe registreren': how an operator appoints its local admin."""
    return render("onboarding/how_to_register.html")


@bp.get("/form")
def electronic_form():
    """Public. 'Elektronisch formulier voor de toegangsaanvraag'."""
    return render("onboarding/electronic_form.html")


@bp.route("/request", methods=["GET", "POST"])
@limiter.limit("120 per minute", methods=["POST"])
# filing itself ('Registreren') has a limit of its own
@limiter.limit(rate_limit("ACCESS_REQUEST_RATE_LIMIT"), methods=["POST"], scope="file_access_request",
               exempt_when=lambda: not is_filing())
def access_request():
    """Public. 'Een toegangsaanvraag voor de beveiligde omgeving doen', one step at a time."""
    if request.method == "GET":
        return show_step(Wizard(), ENTERPRISE)
    try:
        wizard = Wizard.from_token(request.form.get("state"))
    except WizardExpired:
        abort(400, _("This form has expired. Reload the page and try again."))
    step, go = request.form.get("step"), request.form.get("go", "next")
    if step not in STEP_TITLES:
        abort(400)
    if go == "back":
        wizard.keep_draft(step, request.form)
        return show_step(wizard, wizard.previous_step(step), focus=True)
    if go in STEP_FORMS:
        return show_step(wizard, go, focus=True)
    if step == OVERVIEW:
        return register(wizard)
    return complete_step(wizard, step)


def is_filing():
    """True for the post of 'Registreren' on the overview (the one that files the request)."""
    return request.form.get("step") == OVERVIEW and request.form.get("go", "next") != "back" \
        and request.form.get("go", "next") not in STEP_FORMS


def show_step(wizard, step, form=None, status=200, focus=False):
    """The wizard at `step`, as a page or (for htmx) the wizard panel alone."""
    form = form or (wizard.form(step) if step in STEP_FORMS else FlaskForm())
    preview = wizard.preview() if step == OVERVIEW else None
    return render("onboarding/request.html", "onboarding/_wizard.html", status=status, wizard=wizard,
                  step=step, form=form, preview=preview, focus=focus, titles=STEP_TITLES)


def complete_step(wizard, step):
    """Check the step just filled in; on to the next step to do, or the same one with its errors."""
    form = STEP_FORMS[step]()
    if not form.validate():
        return show_step(wizard, step, form=form, status=422, focus=True)
    if step == REPLACE and form.replaces_local_admin.data == NO:
        return render("onboarding/request.html", "onboarding/_not_filed.html", wizard=None)
    wizard.keep(form)
    return show_step(wizard, wizard.next_step(), focus=True)


def register(wizard):
    """'Registreren': file the request and show its ticket number."""
    filed_before = AccessRequest.by_form_token(wizard.form_token)
    if filed_before is not None:
        # the same form posted twice (before its steps are checked again: they now meet the first)
        return already_filed(filed_before)
    missing = wizard.next_step()
    if missing != OVERVIEW:
        form = wizard.form(missing)
        form.validate()
        return show_step(wizard, missing, form=form, status=422, focus=True)
    try:
        filed, created = file_access_request(current_actor(), wizard.fields(), wizard.form_token,
                                             current_language())
    except Refused as refusal:
        form = FlaskForm()
        return show_step(wizard, OVERVIEW, form=form, status=show_refusal(form, refusal), focus=True)
    if not created:
        return already_filed(filed)
    remember_ticket(filed)
    return go_to(url_for(".confirmation", ticket=filed.ticket))


def already_filed(filed):
    """The same form posted twice: the first post filed it (409, its ticket number)."""
    remember_ticket(filed)
    return render("onboarding/request.html", "onboarding/_already_filed.html", status=409, wizard=None,
                  filed=filed)


def remember_ticket(filed):
    session[TICKETS_KEY] = [*session.get(TICKETS_KEY, [])[-4:], filed.ticket]


def go_to(url):
    """303 to `url`; htmx gets HX-Redirect, so the browser loads it as a whole page."""
    if wants_partial():
        return "", 200, {"HX-Redirect": url}
    return redirect(url, code=303)


@bp.get("/request/<ticket>")
def confirmation(ticket):
    """Public, in the browser that filed it: the ticket number and the form to print and sign."""
    if ticket not in session.get(TICKETS_KEY, []):
        abort(404)
    filed = AccessRequest.by_ticket(ticket)
    if filed is None:
        abort(404)
    return render("onboarding/confirmation.html", access_request=filed)


@bp.route("/status", methods=["GET", "POST"])
@limiter.limit(rate_limit("TICKET_LOOKUP_RATE_LIMIT"), methods=["POST"])
def status():
    """Public. Where a request stands, by its ticket number (no personal data is shown)."""
    form = TicketForm()
    if not form.validate_on_submit():
        return show_status(form, status=422 if form.is_submitted() else 200)
    ticket = normalize_ticket(form.ticket.data)
    if ticket is None:
        form.ticket.errors.append(_("This is not a ticket number (it looks like STTS-7K2M-9QXD)."))
        return show_status(form, status=422)
    found = AccessRequest.by_ticket(ticket)
    if found is None:
        form.ticket.errors.append(
            _("No access request has this ticket number. Check it on your confirmation page."))
        return show_status(form, status=404)
    return show_status(form, found=found)


def show_status(form, found=None, status=200):
    return render("onboarding/status.html", "onboarding/_status.html", status=status, form=form, found=found)


@bp.get("/first-login")
@provisional_required
def first_login(credential):
    """What provisional credentials open, and nothing else: 'Maak een lokale beheerder'."""
    return render("onboarding/first_login.html", access_request=credential.access_request)


@bp.route("/local-admin", methods=["GET", "POST"])
@provisional_required
def create_local_admin(credential):
    """'Maak een lokale beheerder': a username and a password, each twice, and the data reviewed."""
    access_request = credential.access_request
    account = existing_account(access_request)
    form = local_admin_form(access_request, account)
    return handle_form(
        form, lambda: complete_local_admin(
            current_actor(), credential, username=form.username.data if account is None else None,
            password=form.password.data, first_name=form.first_name.data, last_name=form.last_name.data,
            email=form.email.data, language=current_language()),
        page=page("onboarding/local_admin.html", access_request=access_request, account=account),
        done=local_admin_made)


def local_admin_made(admin):
    """The provisional session ends: the new local admin signs in with their own username."""
    end_provisional_session()
    flash(_("Your local administrator account is ready. Sign in with your own username and password, "
            "choosing 'Enterprise'."), "success")
    return redirect(url_for("auth.login"), code=303)


def local_admin_form(access_request, account):
    """The form prefilled with the request's data; a person with an account keeps its username."""
    form_class = NewLocalAdminForm if account is None else LocalAdminForm
    form = form_class(data={"first_name": access_request.admin_first_name,
                            "last_name": access_request.admin_last_name,
                            "email": access_request.admin_email})
    form.personal_words = [access_request.enterprise_name, account.username if account else ""]
    return form
