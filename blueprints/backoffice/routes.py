"""The Social Security back office: the queue of access requests, and the decisions on each."""

from flask import Blueprint, abort, flash, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from db.access_requests import AccessRequest
from db.accounts import Role
from db.audit import AuditEvent
from domain import onboarding
from domain.auth import is_usable
from domain.refusals import Refused
from web import handover
from web.access import current_actor, get_or_404, role_required
from web.forms import row_id
from web.idempotency import OnceForm
from web.paging import page_request, paginate
from web.rendering import render, see_other

from .forms import QueueFilter, RejectForm

bp = Blueprint("backoffice", __name__, url_prefix="/backoffice")
bp.add_app_template_filter(onboarding.age_in_working_days, "working_days_old")
bp.add_app_template_filter(onboarding.is_overdue, "overdue")


@bp.context_processor
def steps():
    """Which step a request's status allows: the page offers what the domain accepts."""
    return {"RECEIVES_ORIGINAL": onboarding.RECEIVES_ORIGINAL,
            "ISSUES_CREDENTIALS": onboarding.ISSUES_CREDENTIALS, "REJECTABLE": onboarding.REJECTABLE}


@bp.get("/")
@role_required(Role.OFFICER)
def index():
    """The queue: oldest first, filtered by status, searched by ticket, KBO or RSZ number."""
    form = QueueFilter(request.args)
    if not form.validate():
        return show_queue(form, None, status=422)
    results = paginate(AccessRequest.queue(form.statuses(), **form.criteria), *page_request())
    ticket = form.criteria.get("ticket")
    if ticket and not results.items:
        form.q.errors.append(_("No access request has ticket number %(ticket)s.", ticket=ticket))
        return show_queue(form, results, status=404)
    return show_queue(form, results)


def show_queue(form, results, status=200):
    return render("backoffice/index.html", "backoffice/_queue.html", status=status, form=form,
                  results=results)


@bp.get("/requests/<int:request_id>")
@role_required(Role.OFFICER)
def detail(request_id):
    """One request: its data, where it stands, what can be done next, and its history."""
    return show_detail(find_request(request_id))


def find_request(request_id):
    return get_or_404(AccessRequest.select().where(AccessRequest.id == request_id))



def show_detail(access_request, status=200, reject_form=None, refusal=None):
    return render(
        "backoffice/detail.html", status=status, access_request=access_request, refusal=refusal,
        reject_form=reject_form or RejectForm(formdata=None), credential=access_request.latest_credential(),
        issue_form=OnceForm(formdata=None),
        history=AuditEvent.about("access_request", access_request.id),
    )


@bp.post("/requests/<int:request_id>/received")
@role_required(Role.OFFICER)
def record_received(request_id):
    """'Original signed form received': the request now waits for provisional credentials."""
    access_request = find_request(request_id)
    try:
        onboarding.record_original_received(current_actor(), access_request)
    except Refused as refusal:
        return show_detail(access_request, status=refusal.status, refusal=refusal.message)
    flash(_("The signed original is recorded as received."), "success")
    return see_other("backoffice.detail", request_id=request_id)


@bp.get("/requests/<int:request_id>/reject")
@role_required(Role.OFFICER)
def confirm_reject(request_id):
    """Before rejecting: what will happen, the button that rejects and a way back (no JavaScript needed)."""
    access_request = find_request(request_id)
    form = RejectForm(formdata=request.args, meta={"csrf": False})
    if not form.validate():
        return show_detail(access_request, status=422, reject_form=form)
    try:
        reason, note = onboarding.check_rejection(access_request, form.reason.data, form.note.data)
    except Refused as refusal:
        return show_detail(access_request, status=refusal.status, reject_form=form, refusal=refusal.message)
    return render("backoffice/reject_confirm.html", access_request=access_request,
                  form=RejectForm(formdata=None), reason=reason, note=note)


@bp.post("/requests/<int:request_id>/reject")
@role_required(Role.OFFICER)
def reject(request_id):
    """Reject the request, with the reason kept."""
    access_request = find_request(request_id)
    form = RejectForm()
    if not form.validate():
        return show_detail(access_request, status=422, reject_form=form)
    try:
        onboarding.reject(current_actor(), access_request, form.reason.data, form.note.data)
    except Refused as refusal:
        return show_detail(access_request, status=refusal.status, reject_form=form, refusal=refusal.message)
    flash(_("The request is rejected."), "success")
    return see_other("backoffice.detail", request_id=request_id)


@bp.post("/requests/<int:request_id>/credentials")
@role_required(Role.OFFICER)
def issue_credentials(request_id):
    """Issue provisional credentials (the enterprise is created if new); the letter shows them once."""
    access_request = find_request(request_id)
    form = OnceForm()
    if not form.validate_on_submit():
        return show_detail(access_request, status=422, refusal=" ".join(form.form_errors))
    try:
        # the same form twice (a double click) issues once and shows the same letter
        issued = onboarding.issue_credentials(current_actor(), access_request,
                                              replaces=row_id(request.form.get("replaces", "")) or None,
                                              form_token=form.token)
    except Refused as refusal:
        return show_detail(access_request, status=refusal.status, refusal=refusal.message)
    handover.keep(issued.credential, issued.password)
    return see_other("backoffice.letter", request_id=request_id)


@bp.get("/requests/<int:request_id>/letter")
@role_required(Role.OFFICER)
def letter(request_id):
    """The printable letter with the provisional username and password; the password shows only once."""
    access_request = find_request(request_id)
    credential = access_request.latest_credential()
    if credential is None:
        abort(404)
    password = handover.take(credential) if is_usable(credential) else None
    letter_body = render_letter(access_request, credential, password) if password else None
    return render("backoffice/letter.html", status=200 if password else 410, access_request=access_request,
                  password=password, letter=letter_body)


def render_letter(access_request, credential, password):
    """The letter in the language the request was filed in: it goes to the local admin."""
    with force_locale(access_request.language):
        # nosec B704: the output of an autoescaped template (every value in it escaped), not input
        return Markup(render_template("backoffice/_letter_body.html", access_request=access_request,  # nosec B704
                                      credential=credential, password=password))
