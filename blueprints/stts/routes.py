"""The STTS application: social-tariff dossiers, gated by the user's STTS profile.

Every screen works on the signed-in user's operator only; the rules live in domain.dossiers.
"""

from dataclasses import dataclass

from flask import Blueprint, request
from flask_babel import gettext as _
from flask_login import current_user

from blueprints.stts.forms import (
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
from blueprints.stts.labels import FIELD, show
from db.dossiers import Dossier, DossierAction, Status, StopKind, Task, TaskKind, TaskStatus
from domain import dossiers
from domain import tasks as task_rules
from domain.profiles import Function, Profile
from domain.refusals import Refused
from domain.tasks import handle_task
from web.access import current_actor, get_or_404, profile_required, stts_functions, stts_user_required
from web.extensions import eligibility_limit
from web.form_page import go_to, handle_form, page, show_refusal
from web.paging import capped_count, page_request, paginate
from web.rendering import render

bp = Blueprint("stts", __name__, url_prefix="/stts")

# where each function of the manual starts
ENTRY_POINTS = {
    Function.REQUEST: "stts.request_tariff",
    Function.TRANSFER: "stts.transfer",
    Function.MODIFY: "stts.search",
    Function.STOP: "stts.search",
    Function.SEARCH: "stts.search",
    Function.CANCEL_ACTION: "stts.search",
    Function.TASKS: "stts.tasks",
}
# these start from a dossier, found with the search
ON_A_DOSSIER = (Function.MODIFY, Function.STOP, Function.CANCEL_ACTION)


@bp.context_processor
def stts_context():
    return {"show": show, "FIELD": FIELD, "may": may, "identity_of": identity_of, "StopKind": StopKind}


@dataclass(frozen=True)
class Identity:
    """What the register says of a typed national number: the person, or the refusal (or neither)."""

    person: object = None
    refusal: object = None


def identity_of(typed, actor=None):
    """The identity panel of a form (Identity) for a typed national number; looked up for `actor`,
    the look-up leaves its trace (the form's own validation left one already)."""
    if not typed:
        return Identity()
    try:
        number = dossiers.check_field("national_number", typed)
        return Identity(person=dossiers.identify(number, actor=actor))
    except Refused as refusal:
        return Identity(refusal=refusal)


def may(function):
    """True when the signed-in user's profile grants `function` (web.access.stts_functions)."""
    return function in stts_functions()


def operator():
    """The signed-in user's operator: every query of this blueprint starts from it."""
    return current_user.enterprise


def operator_dossier(dossier_id):
    """One dossier of the user's operator; another operator's id is a 404."""
    return get_or_404(Dossier.of_operator(operator()).where(Dossier.id == dossier_id))


def to_new_dossier(message):
    """`done` for a form that makes a dossier: say `message` (or message(dossier)) and show it."""
    return go_to("stts.dossier", message, dossier_id=lambda dossier: dossier.id)


# -- start, search, dossier ------------------------------------------------------------------------

@bp.get("/")
@stts_user_required
def index():
    """The STTS start page: the functions the user's profile grants."""
    profile = Profile(current_user.stts_profile)
    functions = [(function.label, ENTRY_POINTS[function], function in ON_A_DOSSIER)
                 for function in profile.functions]
    open_tasks = None
    if may(Function.TASKS):
        open_tasks = capped_count(Task.of_operator(operator()).where(Task.status == TaskStatus.OPEN))
    return render("stts/index.html", functions=functions, open_tasks=open_tasks, profile=profile.label)


@bp.get("/dossiers")
@profile_required(Function.SEARCH)
def search():
    """'Opzoeken van een dossier': live results as the criteria are typed, paged."""
    form = SearchForm(request.args)
    if not form.validate():
        # a criterion that cannot be what it says: said at its field, no list of everything
        return render("stts/search.html", "stts/_results.html", form=form, results=None, count=0, status=422)
    number, size = page_request()
    query = dossiers.search_dossiers(operator(), form.criteria())
    page_of_results = paginate(query, number, size)
    # paginate counted already (capped, or free from a last page): not a second count
    return render("stts/search.html", "stts/_results.html", form=form, results=page_of_results,
                  count=page_of_results.total)


@bp.get("/dossiers/<int:dossier_id>")
@profile_required(Function.SEARCH)
def dossier(dossier_id):
    """A dossier: its data, the actions the profile grants, its open tasks and its history."""
    found = operator_dossier(dossier_id)
    history = list(DossierAction.history(found))
    return render("stts/dossier.html", dossier=found, history=history,
                  cancellable=dossiers.may_cancel(history[0] if history else None),
                  tasks=list(Task.open_of(found)) if may(Function.TASKS) else [])


# -- the dossier forms -----------------------------------------------------------------------------

@bp.route("/dossiers/new", methods=["GET", "POST"])
# every post looks the national number up in the eligibility register (also a field left, by htmx)
@eligibility_limit
@profile_required(Function.REQUEST)
def request_tariff():
    """'Aanvraag van een sociaal telefoontarief': checked at once against the eligibility source."""
    form = RequestForm()
    return handle_form(form, lambda: dossiers.request_tariff(current_actor(), form.tariff_request(),
                                                             form.token.data),
                       page=page("stts/request.html"), done=to_new_dossier(requested_message))


@bp.get("/identify")
@eligibility_limit
@profile_required(Function.REQUEST)
def identify():
    """The National Register's name, address and language for a national number, as it is typed."""
    typed = request.args.get("national_number", "")
    identity = identity_of(typed, current_actor())
    return render("stts/identify.html", "stts/_identity.html", typed=typed, identity=identity,
                  status=identity.refusal.status if identity.refusal else 200)


@bp.route("/transfer", methods=["GET", "POST"])
@eligibility_limit
@profile_required(Function.TRANSFER)
def transfer():
    """'Transfer van een sociaal telefoontarief': take over another operator's active tariff."""
    form = TransferForm()
    return handle_form(form, lambda: dossiers.transfer(
        current_actor(), form.national_number.data, form.line_number.data, form.customer_number.data,
        form.formula.data or None, form.token.data), page=page("stts/transfer.html"),
        done=to_new_dossier(transferred_message))


@bp.route("/dossiers/<int:dossier_id>/activate", methods=["GET", "POST"])
@profile_required(Function.MODIFY)
def activate(dossier_id):
    """Activation, part of 'Wijziging van een dossier': the date from which the operator applies the
    accepted tariff."""
    found = operator_dossier(dossier_id)
    form = ActivateForm.of(found)
    return handle_form(
        form, lambda: dossiers.activate(current_actor(), found, form.activated_on.data, form.version.data),
        page=page("stts/activate.html", dossier=found),
        done=go_to("stts.dossier", _("The dossier is active."), dossier_id=dossier_id),
        fresh=lambda: ActivateForm.of(operator_dossier(dossier_id), stored=True))


@bp.route("/dossiers/<int:dossier_id>/edit", methods=["GET", "POST"])
@profile_required(Function.MODIFY)
def modify(dossier_id):
    """'Wijziging van een dossier': address, language, line, customer number, formula, dates."""
    found = operator_dossier(dossier_id)
    form = ModifyForm.of(found)
    return handle_form(
        form, lambda: dossiers.modify(current_actor(), found, form.changes(), form.version.data),
        page=page("stts/modify.html", dossier=found),
        done=go_to("stts.dossier", _("The dossier was saved."), dossier_id=dossier_id),
        fresh=lambda: ModifyForm.of(operator_dossier(dossier_id), stored=True))


@bp.route("/dossiers/<int:dossier_id>/stop/reduction", methods=["GET", "POST"],
          defaults={"kind": "reduction"})
@bp.route("/dossiers/<int:dossier_id>/stop/tariff", methods=["GET", "POST"], defaults={"kind": "tariff"})
@profile_required(Function.STOP)
def stop(dossier_id, kind):
    """'Stopzetten van de reductie' / 'van het sociaal telefoontarief': reason, end date, then a
    confirmation page that says what will happen."""
    found = operator_dossier(dossier_id)
    form = StopForm.of(found, kind)
    return handle_form(
        form, lambda: dossiers.stop(current_actor(), found, kind, form.reason.data, form.ended_on.data,
                                    form.version.data, form.note.data, confirmed=form.confirmed.data == "1"),
        page=page("stts/stop.html", dossier=found, kind=StopKind(kind)),
        done=lambda result: stopped(found, form, result),
        fresh=lambda: StopForm.of(operator_dossier(dossier_id), kind, stored=True))


def stopped(found, form, result):
    """The confirmation page (for a stop not confirmed yet), or the dossier with what happened."""
    if isinstance(result, dossiers.StopPreview):
        return render("stts/stop_confirm.html", dossier=found, form=form, preview=result)
    if result is not None and found.status != Status.STOPPED:
        message = _("The stop is scheduled: the dossier stays as it is until the end date.")
    else:
        message = _("The stop was recorded.")
    return go_to("stts.dossier", message, dossier_id=found.id)(result)


@bp.route("/dossiers/<int:dossier_id>/cancel", methods=["GET", "POST"])
@profile_required(Function.CANCEL_ACTION)
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
    return handle_form(
        form, lambda: dossiers.cancel_last_action(current_actor(), found, form.version.data),
        page=page("stts/cancel.html", dossier=found, last=last),
        done=go_to("stts.dossier", _("The action was cancelled."), dossier_id=dossier_id))


# -- tasks -----------------------------------------------------------------------------------------

@bp.get("/tasks")
@profile_required(Function.TASKS)
def tasks():
    """'Consulteren en behandelen van taken voor de operator': filtered by type and status, paged."""
    form = TaskFilterForm(request.args)
    number, size = page_request()
    results = paginate(Task.listing(operator(), **form.criteria()), number, size)
    return render("stts/tasks.html", "stts/_tasks.html", form=form, results=results)


@bp.route("/tasks/<int:task_id>", methods=["GET", "POST"])
@profile_required(Function.TASKS)
def task(task_id):
    """One task: its cause, what to do (with links to the fields), and closing it with a comment."""
    found = get_or_404(Task.listing(operator()).where(Task.id == task_id))
    form = TaskForm()
    missing = task_rules.missing_fields(found.dossier)
    return handle_form(form, lambda: handle_task(current_actor(), found, form.comment.data, form.reason.data),
                       page=page("stts/task.html", task=found, cause_gone=task_rules.cause_is_gone(found),
                                 missing=missing, cause=task_cause(found, missing),
                                 what_to_do=task_rules.WHAT_TO_DO[found.kind]),
                       done=go_to("stts.tasks", _("The task was marked as handled.")))


def task_cause(task, missing):
    """Why the task is there, in words (the missing fields named)."""
    cause = task_rules.CAUSES[task.kind]
    if task.kind == TaskKind.MISSING_DATA:
        return cause % {"fields": ", ".join(str(FIELD[name]) for name in missing) or "–"}
    return cause


def requested_message(dossier):
    if dossier.status == Status.REQUESTED:
        return _("The request was filed. The eligibility of the applicant will be checked later.")
    return _("The request was accepted: the dossier is awaiting activation.")


def transferred_message(dossier):
    if dossier.customer_number:
        return _("The social telephone tariff was taken over.")
    return _("The social telephone tariff was taken over. A task \"Enter missing data\" was created.")
