"""The second factor: the code step of the sign-in, turning it on from 'Beheer eigen gegevens', the
recovery codes, the enterprise's requirement, and the resets by the local admin and the back office."""

from flask import Blueprint, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from db.access_requests import AccessRequest
from db.accounts import Account, Role
from db.enterprises import Enterprise
from domain import second_factor
from web.access import begin_session, current_actor, get_or_404, role_required, signed_in_account
from web.extensions import limiter
from web.form_page import handle_form, page
from web.navigation import safe_next, start_page
from web.rendering import render, see_other
from web.second_factor import (
    forget_setup,
    keep_recovery_codes,
    pending_next,
    pending_required,
    secret_being_set_up,
    take_recovery_codes,
)

from .forms import CodeForm, ConfirmForm, RequirementForm

bp = Blueprint("second_factor", __name__)


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@pending_required
def code(account):
    """The step after the password: the code of the authenticator app, or a recovery code."""
    form = CodeForm()
    return handle_form(form, lambda: second_factor.verify_sign_in(current_actor(), account, form.code.data),
                       page=page("second_factor/code.html"), done=_signed_in)


def _signed_in(account):
    next_url = safe_next(pending_next())
    begin_session(account)
    return redirect(next_url or start_page(account), code=303)


@bp.route("/account/second-factor", methods=["GET", "POST"])
@login_required
def manage():
    """'Tweede factor': turn it on (scan the QR code or type the secret, confirm with a first code),
    new recovery codes, turn it off; for the local admin, the enterprise's requirement."""
    account = signed_in_account()
    form = CodeForm()
    secret = None if second_factor.is_enabled(account) else secret_being_set_up()
    return handle_form(form, lambda: second_factor.enable(current_actor(), secret, form.code.data),
                       page=lambda form, status: _manage_page(account, form, secret, status),
                       done=_enabled)


def _manage_page(account, form, secret, status, requirement=None):
    enabled = secret is None
    uri = None if enabled else second_factor.provisioning_uri(account, secret)
    enterprise = Enterprise.get_by_id(account.enterprise_id) if account.is_local_admin else None
    if enterprise is not None and requirement is None:
        requirement = RequirementForm(formdata=None, required=enterprise.second_factor_required,
                                      version=enterprise.version)
    return render("second_factor/manage.html", status=status, form=form, enabled=enabled,
                  secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) if secret else None,
                  qr=second_factor.qr_svg(uri) if uri else None, uri=uri,
                  required=second_factor.is_required(account),
                  codes_left=second_factor.recovery_codes_left(account) if enabled else 0,
                  deadline=second_factor.setup_deadline(account), requirement=requirement,
                  confirm=ConfirmForm())


def _enabled(codes):
    forget_setup()
    keep_recovery_codes(current_user, codes)
    flash(_("Your second factor is on. From now on you sign in with a code of your app."), "success")
    return see_other("second_factor.recovery_codes")


@bp.get("/account/second-factor/recovery-codes")
@login_required
def recovery_codes():
    """The ten recovery codes, shown once."""
    return render("second_factor/recovery_codes.html", codes=take_recovery_codes(current_user))


@bp.post("/account/second-factor/recovery-codes/new")
@login_required
def renew_recovery_codes():
    """Ten new recovery codes; the old ones stop working."""
    if not ConfirmForm().validate_on_submit():
        return see_other("second_factor.manage")
    codes = second_factor.renew_recovery_codes(current_actor())
    keep_recovery_codes(current_user, codes)
    return see_other("second_factor.recovery_codes")


@bp.post("/account/second-factor/off")
@login_required
def disable():
    """Turn one's own second factor off, when the account is not required to have one."""
    if ConfirmForm().validate_on_submit():
        second_factor.disable(current_actor())
        flash(_("Your second factor is off."), "success")
    return see_other("second_factor.manage")


@bp.post("/account/second-factor/requirement")
@role_required(Role.LOCAL_ADMIN)
def requirement():
    """The local admin requires (or no longer requires) a second factor of every user."""
    form = RequirementForm()
    account = signed_in_account()
    return handle_form(
        form, lambda: second_factor.require_for_enterprise(current_actor(), form.required.data,
                                                           form.version.data),
        page=lambda form, status: _manage_page(
            account, CodeForm(formdata=None),
            None if second_factor.is_enabled(account) else secret_being_set_up(), status, requirement=form),
        done=_requirement_saved)


def _requirement_saved(changed):
    if changed:
        flash(_("Every user of your enterprise must now have a second factor.")
              if current_user.enterprise.second_factor_required
              else _("A second factor is no longer required of every user."), "success")
    else:
        flash(_("Nothing was changed."), "success")
    return see_other("second_factor.manage")


@bp.post("/users/<int:user_id>/second-factor/reset")
@role_required(Role.LOCAL_ADMIN)
def reset_user(user_id):
    """The local admin resets a user's second factor (a lost phone): the user sets it up again."""
    account = get_or_404(Account.of_enterprise(current_user.enterprise).where(Account.id == user_id))
    if ConfirmForm().validate_on_submit():
        reset = second_factor.reset_for_user(current_actor(), account)
        flash(_("The second factor of %(name)s was reset.", name=account.full_name) if reset
              else _("%(name)s has no second factor.", name=account.full_name), "success")
    return redirect(url_for("users.show", user_id=account.id), code=303)


@bp.post("/backoffice/requests/<int:request_id>/second-factor/reset")
@role_required(Role.OFFICER)
def reset_local_admin(request_id):
    """After the access request procedure, the officer resets the local admin's second factor."""
    access_request = get_or_404(AccessRequest.select().where(AccessRequest.id == request_id))
    if ConfirmForm().validate_on_submit():
        reset = second_factor.reset_for_local_admin(current_actor(), access_request)
        flash(_("The second factor of the local administrator was reset.") if reset
              else _("The local administrator has no second factor."), "success")
    return redirect(url_for("backoffice.detail", request_id=access_request.id), code=303)


@bp.app_context_processor
def second_factor_context():
    return {"second_factor_on": lambda account: second_factor.is_enabled(account)}


