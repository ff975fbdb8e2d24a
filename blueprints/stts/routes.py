"""The STTS application: social-tariff dossiers, gated by the user's STTS profile.

Every screen works on the signed-in user's operator only; the rules live in domain.dossiers.
"""

from flask import Blueprint, flash, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from blueprints.stts import labels
from blueprints.stts.forms import (
    VALIDATE_HEADER,
    ActivateForm,
    CancelForm,
    ModifyForm,
    RequestForm,
    SearchForm,
    StopForm,
    TaskFilterForm,
    TaskForm,
    TransferForm,
)
from db.dossiers import Dossier, DossierAction, Status, Task, TaskStatus
from domain import dossiers, profiles
from domain.profiles import FUNCTION_NAMES, functions_of, may_enter_stts
from domain.refusals import Refused, StaleData
from domain.tasks import handle_task
from web.access import get_or_404, profile_required, signed_in_account, stts_user_required
from web.form_helpers import show_refusal
from web.paging import capped_count, page_request, paginate
from web.rendering import render, see_other

bp = Blueprint("stts", __name__, url_prefix="/stts", cli_group=None)

# where each function of the manual starts
ENTRY_POINTS = {
    profiles.REQUEST: "stts.request_tariff",
    profiles.TRANSFER: "stts.transfer",
    profiles.MODIFY: "stts.search",
    profiles.STOP: "stts.search",
    profiles.SEARCH: "stts.search",
    profiles.CANCEL_ACTION: "stts.search",
    profiles.TASKS: "stts.tasks",
}
# these start from a dossier, found with the search
ON_A_DOSSIER = (profiles.MODIFY, profiles.STOP, profiles.CANCEL_ACTION)


@bp.context_processor
def stts_context():
    return {**labels.template_context(), "may": may, "profiles": profiles}


def may(function):
    """True when the signed-in user's profile grants `function` (looked up once per request)."""
    if "stts_functions" not in g:
        granted = current_user.is_authenticated and may_enter_stts(current_user)
        g.stts_functions = frozenset(functions_of(current_user.stts_profile) if granted else ())
    return function in g.stts_functions


def operator():
    """The signed-in user's operator: every query of this blueprint starts from it."""
    return current_user.enterprise


def operator_dossier(dossier_id):
    """One dossier of the user's operator; another operator's id is a 404."""
    return get_or_404(Dossier.of_operator(operator()).where(Dossier.id == dossier_id))


# -- start, search, dossier ------------------------------------------------------------------------

@bp.get("/")
@stts_user_required
def index():
    """The STTS start page: the functions the user's profile grants."""
    functions = [(FUNCTION_NAMES[f], ENTRY_POINTS[f], f in ON_A_DOSSIER)
                 for f in functions_of(current_user.stts_profile)]
    open_tasks = None
    if may(profiles.TASKS):
        open_tasks = capped_count(Task.of_operator(operator()).where(Task.status == TaskStatus.OPEN))
    return render("stts/index.html", functions=functions, open_tasks=open_tasks,
                  profile=profiles.PROFILE_NAMES.get(current_user.stts_profile))


@bp.get("/dossiers")
@profile_required(profiles.SEARCH)
def search():
    """'Opzoeken van een dossier': live results as the criteria are typed, paged."""
    form = SearchForm(request.args)
    number, size = page_request()
    query = dossiers.search_dossiers(operator(), form.criteria())
    page = paginate(query, number, size)
    count = capped_count(query)
    return render("stts/search.html", "stts/_results.html", form=form, results=page, count=count)


@bp.get("/dossiers/<int:dossier_id>")
@profile_required(profiles.SEARCH)
def dossier(dossier_id):
    """A dossier: its data, the actions the profile grants, its open tasks and its history."""
    found = operator_dossier(dossier_id)
    history = list(DossierAction.history(found))
    return render("stts/dossier.html", dossier=found, history=history,
                  cancellable=dossiers.may_cancel(history[0] if history else None),
                  tasks=list(Task.open_of(found)) if may(profiles.TASKS) else [])


# -- the dossier forms -----------------------------------------------------------------------------

@bp.route("/dossiers/new", methods=["GET", "POST"])
@profile_required(profiles.REQUEST)
def request_tariff():
    """'Aanvraag van een sociaal telefoontarief': checked at once against the eligibility source."""
    form = RequestForm()
    return submit(form, "stts/request.html", lambda: dossiers.request_tariff(
        operator(), signed_in_account(), form.tariff_request(), form.token.data), requested_message)


@bp.route("/transfer", methods=["GET", "POST"])
@profile_required(profiles.TRANSFER)
def transfer():
    """'Transfer van een sociaal telefoontarief': take over another operator's active tariff."""
    form = TransferForm()
    return submit(form, "stts/transfer.html", lambda: dossiers.transfer(
        operator(), signed_in_account(), form.national_number.data, form.line_number.data,
        form.customer_number.data, form.formula.data or None, form.token.data), transferred_message)


@bp.route("/dossiers/<int:dossier_id>/activate", methods=["GET", "POST"])
@profile_required(profiles.REQUEST)
def activate(dossier_id):
    """Activation: the date from which the operator applies the accepted tariff."""
    found = operator_dossier(dossier_id)
    form = ActivateForm(data={"activated_on": dossiers.today(), "version": found.version})
    form.dossier = found
    return submit(form, "stts/activate.html", lambda: dossiers.activate(
        found, signed_in_account(), form.activated_on.data, form.version.data),
        _("The dossier is active."), found)


@bp.route("/dossiers/<int:dossier_id>/edit", methods=["GET", "POST"])
@profile_required(profiles.MODIFY)
def modify(dossier_id):
    """'Wijziging van een dossier': address, language, line, customer number, formula, dates."""
    found = operator_dossier(dossier_id)
    form = ModifyForm(data=modify_form_data(found))
    if found.status != Status.ACTIVE:
        # only an active tariff has an activation and a first invoice date
        del form.activated_on, form.first_invoice_on
    return submit(form, "stts/modify.html", lambda: dossiers.modify(
        found, signed_in_account(), form.changes(), form.version.data), _("The dossier was saved."), found)


@bp.route("/dossiers/<int:dossier_id>/stop", methods=["GET", "POST"])
@profile_required(profiles.STOP)
def stop(dossier_id):
    """'Stopzetten van een reductie en van het sociaal telefoontarief': reason and end date."""
    found = operator_dossier(dossier_id)
    form = StopForm(data={"ended_on": dossiers.today(), "version": found.version})
    form.dossier = found
    return submit(form, "stts/stop.html", lambda: dossiers.stop(
        found, signed_in_account(), form.reason.data, form.ended_on.data, form.version.data),
        _("The social telephone tariff was stopped."), found)


@bp.route("/dossiers/<int:dossier_id>/cancel", methods=["GET", "POST"])
@profile_required(profiles.CANCEL_ACTION)
def cancel(dossier_id):
    """'Annulatie van een actie': shows the last action and undoes it on confirmation."""
    found = operator_dossier(dossier_id)
    form = CancelForm(data={"version": found.version})
    try:
        last = dossiers.cancellable_action(found)
    except Refused as refusal:
        # a second click finds nothing left to cancel: say why, change nothing
        status = show_refusal(form, refusal)
        return render("stts/cancel.html", dossier=found, form=form, last=None,
                      status=status if request.method == "POST" else 200)
    return submit(form, "stts/cancel.html", lambda: dossiers.cancel_last_action(
        found, signed_in_account(), form.version.data), _("The action was cancelled."), found, last=last)


# -- tasks -----------------------------------------------------------------------------------------

@bp.get("/tasks")
@profile_required(profiles.TASKS)
def tasks():
    """'Consulteren en behandelen van taken voor de operator': filtered by type and status, paged."""
    form = TaskFilterForm(request.args)
    number, size = page_request()
    page = paginate(Task.listing(operator(), **form.criteria()), number, size)
    return render("stts/tasks.html", "stts/_tasks.html", form=form, results=page)


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@profile_required(profiles.TASKS)
def task(task_id):
    """One task: its dossier, and 'mark handled' with a comment."""
    found = get_or_404(Task.listing(operator()).where(Task.id == task_id))
    form = TaskForm()
    return submit(form, "stts/task.html", lambda: handle_task(found, signed_in_account(), form.comment.data),
                  _("The task was marked as handled."), done="stts.tasks", task=found)


# -- the pattern every dossier form follows --------------------------------------------------------

def submit(form, template, act, message, dossier=None, done=None, **context):
    """Validate one field for htmx, or the whole form; then act, say `message` and 303 to the
    endpoint `done`, or else to the dossier (`dossier`, or the one `act` made; `message` may be a
    function of that dossier).

    A refusal of the rules comes back as the form with the reason (422), a stale form as 409 with
    the dossier's current version, so that saving again is possible; the typed data are kept.
    """
    if (answer := field_check(form)) is not None:
        return answer
    context.update(form=form, dossier=dossier)
    if not form.validate_on_submit():
        return render(template, status=422 if form.is_submitted() else 200, **context)
    try:
        result = act()
    except Refused as refusal:
        if isinstance(refusal, StaleData) and dossier is not None:
            form.version.data = Dossier.get_by_id(dossier.id).version
        return render(template, status=show_refusal(form, refusal), **context)
    shown = dossier or result
    flash(message(shown) if callable(message) else message, "success")
    if done:
        return see_other(done)
    return see_other("stts.dossier", dossier_id=shown.id)


def field_check(form):
    """The answer to htmx validating one field as it is left: that field with its error, else None."""
    name = request.headers.get(VALIDATE_HEADER)
    if request.method != "POST" or name not in form:
        return None
    form.validate()
    return render_template("stts/_field.html", field=form[name])



def requested_message(dossier):
    if dossier.status == Status.REQUESTED:
        return _("The request was filed. The eligibility of the applicant will be checked later.")
    return _("The request was accepted: the dossier is awaiting activation.")


def transferred_message(dossier):
    if dossier.customer_number:
        return _("The social telephone tariff was taken over.")
    return _("The social telephone tariff was taken over. A task \"Enter missing data\" was created.")


def modify_form_data(dossier):
    """The modify form's initial values: the dossier's, the line in its national notation."""
    values = {name: getattr(dossier, name) for name in dossiers.MODIFIABLE}
    values.update(line_number=labels.show("line_number", dossier.line_number),
                  customer_number=dossier.customer_number or "", version=dossier.version)
    return values
