"""'Beheer van gebruikers' and 'Opzoeking van gebruikers': a local admin manages their enterprise's users.

Every query starts from the admin's enterprise (`_users()`): another enterprise's user is a 404.
The rules live in domain.users; the views parse, call, and render.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from db.accounts import Account, Role
from db.audit import AuditEvent
from domain import invitations, users
from domain.refusals import NotAllowed
from web import handover
from web.access import current_actor, get_or_404, role_required
from web.answer_cache import remembered, valid_until
from web.form_page import go_to, handle_form, page
from web.i18n import current_language
from web.idempotency import OnceForm
from web.navigation import safe_next
from web.paging import count_of, page_request, paginate
from web.rendering import render, see_other, wants_partial

from .export import SEPARATORS, csv_response
from .forms import (
    BLOCK,
    INVITATION,
    UNBLOCK,
    BulkForm,
    CreateUserForm,
    NationalNumberForm,
    ProfileForm,
    SearchForm,
)
from .history import history

bp = Blueprint("users", __name__, url_prefix="/users")

SORTS = ("name", "username")


@bp.context_processor
def user_management_context():
    """What the user-management templates share: the guard, the way back, and what every row's
    forms carry (made once per page, not once per row: a row costs its own data only)."""
    back = _back()
    actor = current_actor()
    return {
        "may_manage": lambda account: users.may_manage(actor, account),
        "back": back,
        # {account id: users.ClientLock} of the accounts shown, given by the list's views
        "client_locks": {},
        # every user's pages are under the list's address: /users/<id>/...
        "user_url": url_for("users.index"),
        # a row's words, translated once per page rather than once per row
        "row_text": {"select": _("Select %(name)s"), "admin": _("Local administrator"),
                     "blocked": _("Blocked"), "profile": _("Change profile"), "password": _("New password"),
                     "block": _("Block user"), "unblock": _("Unblock user"), "delete": _("Delete user"),
                     "unlock": _("Unlock")},
        # nosec B704: both values are escaped here; the rest is our own markup
        "row_fields": Markup(f'<input type="hidden" name="csrf_token" value="{escape(generate_csrf())}">'
                             f'<input type="hidden" name="next" value="{escape(back)}">'),  # nosec B704
    }


# -- the list and the search --------------------------------------------------------------------

@bp.get("/")
@role_required(Role.LOCAL_ADMIN)
@remembered
def index():
    """'Beheer van gebruikers': the enterprise's users, sorted, a page at a time."""
    return _results_page("users/index.html", "users/_results.html", users.UserCriteria())


@bp.get("/search")
@role_required(Role.LOCAL_ADMIN)
@remembered
def search():
    """'Opzoeking van gebruikers': live results as the admin types; the URL is the search."""
    form = SearchForm(formdata=request.args)
    if not form.validate():
        return render("users/search.html", "users/_search_update.html", status=422, form=form, results=None)
    return _results_page("users/search.html", "users/_search_update.html", form.criteria(), form=form)


@bp.get("/export.csv")
@role_required(Role.LOCAL_ADMIN)
def export():
    """The list or the search result (every page) as a CSV file."""
    form = SearchForm(formdata=request.args)
    if not form.validate():
        abort(400)
    query = users.search_users(current_user.enterprise, form.criteria(), _sort())
    separator = SEPARATORS.get(request.args.get("separator"), ";")
    return csv_response(query, current_language(), separator, filename=_("users") + ".csv")


def _results_page(page_template, partial, criteria, **context):
    sort = _sort()
    number, size = page_request()
    query = users.list_users(current_user.enterprise, criteria, sort)
    results = paginate(query, number, size)
    count, more = count_of(query, results)
    locks = users.client_locks(results.items)
    valid_until(users.first_lock_end(results.items, locks))
    return render(page_template, partial, results=results, sort=sort, client_locks=locks,
                  count_text=_count_text(count, more, criteria), criteria=criteria,
                  export_args=_criteria_args(), **context)


def _sort():
    sort = request.args.get("sort")
    return sort if sort in SORTS else SORTS[0]


def _count_text(count, more, criteria):
    if criteria.complementary and criteria.is_empty:
        return _("Give at least one criterion: a complementary search shows the users who do NOT match it.")
    if more:
        return _("More than %(num)d users found.", num=count)
    return ngettext("%(num)d user found.", "%(num)d users found.", count)


def _criteria_args():
    """The URL's arguments without the paging ones: the search, for links like the export."""
    return {key: request.args.getlist(key) for key in request.args if key not in ("page", "size")}


# -- register -----------------------------------------------------------------------------------

@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def create():
    """'Nieuwe gebruiker toevoegen': 'Registreren' creates the user with a one-time password."""
    form = CreateUserForm.for_enterprise(current_user.enterprise)
    if form.delivery.data == INVITATION:
        return handle_form(form, lambda: invitations.create_and_invite(current_actor(), _invitation_link,
                                                                         form_token=form.token,
                                                                         **form.user_data()),
                           page=page("users/new.html"), done=_invited)
    return handle_form(form, lambda: users.create_user(current_actor(), **form.user_data(),
                                                       form_token=form.token),
                       page=page("users/new.html"), done=_show_one_time_password)


def _invitation_link(token):
    return url_for("invitations.accept", token=token, _external=True)


def _invited(account):
    flash(_("%(name)s is registered. An invitation was sent to %(email)s: the link is valid for 72 hours.",
            name=account.full_name, email=account.email), "success")
    return see_other("users.show", user_id=account.id)


def _show_one_time_password(created):
    account, password = created
    handover.keep(account, password)
    flash(_("%(name)s is registered.", name=account.full_name), "success")
    return see_other("users.issued", user_id=account.id)


@bp.get("/<int:user_id>/password/issued")
@role_required(Role.LOCAL_ADMIN)
def issued(user_id):
    """The one-time password just made, shown this once."""
    account = _user(user_id)
    return render("users/issued.html", account=account, password=handover.take(account))


# -- change -------------------------------------------------------------------------------------

@bp.get("/<int:user_id>")
@role_required(Role.LOCAL_ADMIN)
def show(user_id):
    """A user's data, applications and profile, and their history: who did what, when."""
    account = _user(user_id)
    number, size = page_request()
    events = paginate(AuditEvent.about_account(account), number, size)
    return render("users/show.html", account=account, events=events,
                  entries=history(events.items, current_language()), **_summary(account))


@bp.route("/<int:user_id>/profile", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def edit(user_id):
    """'Wijzigen profiel': e-mail, language, applications and STTS profile."""
    account = _user(user_id)
    form = ProfileForm.of(account)
    return handle_form(
        form, lambda: users.change_profile(current_actor(), account, **form.profile_data()),
        page=page("users/edit.html", account=account),
        done=go_to("users.show", lambda changes: changes and _("The profile of %(name)s was changed.",
                                                               name=account.full_name), user_id=user_id),
        fresh=lambda: ProfileForm.of(_user(user_id), stored=True))


@bp.route("/<int:user_id>/national-number", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def national_number(user_id):
    """Correct a user's national register number (an explicit, audited correction)."""
    account = _user(user_id)
    form = NationalNumberForm.of(account)
    return handle_form(
        form, lambda: users.correct_national_number(current_actor(), account, version=form.version.data,
                                                    national_number=form.national_number.data),
        page=page("users/national_number.html", account=account),
        done=go_to("users.show", lambda corrected: corrected and _(
            "The national register number of %(name)s was corrected.", name=account.full_name),
            user_id=user_id),
        fresh=lambda: NationalNumberForm.of(_user(user_id), stored=True))


# -- new password, block, unblock, unlock --------------------------------------------------------

@bp.route("/<int:user_id>/password", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def new_password(user_id):
    """'Nieuw wachtwoord': after confirming, a one-time password; the user's sessions end."""
    account = _manageable_user(user_id)
    form = OnceForm()
    return handle_form(form, lambda: users.reset_password(current_actor(), account, form_token=form.token),
                       page=page("users/password.html", account=account),
                       done=lambda password: _new_password_made(account, password))


def _new_password_made(account, password):
    handover.keep(account, password)
    flash(_("%(name)s has a new one-time password.", name=account.full_name), "success")
    return see_other("users.issued", user_id=account.id)


@bp.post("/<int:user_id>/block")
@role_required(Role.LOCAL_ADMIN)
def block(user_id):
    """'Blokkeren gebruiker': the row changes in place (htmx), or the list comes back."""
    return _row_action(user_id, users.block, _("%(name)s is blocked and can no longer sign in."))


@bp.post("/<int:user_id>/unblock")
@role_required(Role.LOCAL_ADMIN)
def unblock(user_id):
    """'Deblokkeren gebruiker'."""
    return _row_action(user_id, users.unblock, _("%(name)s is unblocked and can sign in again."))


@bp.post("/<int:user_id>/unlock")
@role_required(Role.LOCAL_ADMIN)
def unlock(user_id):
    """Lift the lock after failed sign-ins."""
    return _row_action(user_id, users.unlock, _("%(name)s is unlocked and can sign in again."),
                       focus_toggle=True)


def _row_action(user_id, action, message, focus_toggle=False):
    account = _user(user_id)
    try:
        action(current_actor(), account)
    except NotAllowed as refusal:
        abort(403, str(refusal.message))
    message = message % {"name": account.full_name}
    if wants_partial():
        return render_template("users/_row_update.html", account=account, message=message,
                               focus_toggle=focus_toggle, client_locks=users.client_locks([account]))
    flash(message, "success")
    return redirect(_back(), code=303)


# -- delete -------------------------------------------------------------------------------------

@bp.route("/<int:user_id>/delete", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def delete(user_id):
    """'Verwijderen gebruiker': an overview of the user and what refers to them, then 'Verwijderen'."""
    account = _manageable_user(user_id)
    return handle_form(FlaskForm(), lambda: users.delete_user(current_actor(), account),
                       page=page("users/delete.html", account=account,
                                 references=users.references_to(account), **_summary(account)),
                       done=go_to("users.index", _("%(name)s was deleted.", name=account.full_name)))


# -- bulk block / unblock -----------------------------------------------------------------------

@bp.route("/bulk", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def bulk():
    """Block or unblock the users ticked in the list: a confirmation page, then the change."""
    # the CSRF token of the POST is checked by CSRFProtect before any view runs
    form = BulkForm(formdata=request.form if request.method == "POST" else request.args)
    if form.action.data not in (BLOCK, UNBLOCK):
        abort(400)
    selected = _selected_users(form.user.data or [])
    blocking = form.action.data == BLOCK
    back_to = safe_next(form.next.data) or url_for("users.index")
    if not selected:
        return render("users/bulk.html", form=form, plan=None, back_to=back_to, status=422)
    if request.method == "GET":
        plan = users.plan_bulk(current_actor(), selected, blocking)
        return render("users/bulk.html", form=form, plan=plan, back_to=back_to)
    plan = users.apply_bulk(current_actor(), selected, blocking)
    flash(_bulk_message(plan), "success")
    return redirect(back_to, code=303)


def _selected_users(ids):
    ids = set(ids)
    selected = list(_users().where(Account.id.in_(list(ids))).order_by(*Account.sorted_by("name")))
    if len(selected) != len(ids):
        abort(404)
    return selected


def _bulk_message(plan):
    done = len(plan.changes)
    if plan.block:
        message = ngettext("%(num)d user blocked.", "%(num)d users blocked.", done)
    else:
        message = ngettext("%(num)d user unblocked.", "%(num)d users unblocked.", done)
    if plan.skipped:
        message += " " + ngettext("%(num)d user skipped.", "%(num)d users skipped.", len(plan.skipped))
    return message


# -- helpers ------------------------------------------------------------------------------------


def _users():
    """The signed-in admin's users: the start of every query of this blueprint."""
    return Account.of_enterprise(current_user.enterprise)


def _user(user_id):
    """One of the admin's users, or 404 (another enterprise's user looks like nobody)."""
    return get_or_404(_users().where(Account.id == user_id))


def _manageable_user(user_id):
    """A user the admin may block, delete or give a new password; 403 with the reason otherwise."""
    account = _user(user_id)
    try:
        return users.check_may_manage(current_actor(), account)
    except NotAllowed as refusal:
        abort(403, str(refusal.message))


def _summary(account):
    """What the overview pages show besides the account itself."""
    return {"applications": Account.application_names([account], current_language())[account.id],
            "locked_clients": users.locked_clients(account)}


def _back():
    """Where a list action returns to without JavaScript: the list page (and search) it came from."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    return safe_next(request.form.get("next")) or url_for("users.index")
