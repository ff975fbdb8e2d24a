"""The account's own data: 'Wijzig wachtwoord' and the rest of 'Beheer eigen gegevens'."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user, login_required, login_user
from werkzeug.exceptions import RequestEntityTooLarge

from db.accounts import Account, Role
from db.certificates import Certificate, CertificateStatus
from db.clock import utcnow
from domain.accounts import change_password
from domain.certificates import (
    MAX_BYTES,
    TOO_LARGE,
    CertificateRefused,
    Outcome,
    expires_soon,
    read_certificate,
    register,
    revoke,
)
from domain.own_data import change_own_data
from domain.passwords import verify_password
from domain.refusals import Refused, StaleData
from web.access import get_or_404, role_required, signed_in_account
from web.errors import handle_http_error
from web.form_helpers import focus_first_error, show_refusal, show_stale_data
from web.navigation import start_page
from web.rendering import render, see_other

from .forms import CertificateForm, ChangePasswordForm, ConfirmForm, OwnDataForm

bp = Blueprint("account", __name__, url_prefix="/account")

# the certificate page lists this many certificates of the past
HISTORY_LENGTH = 10
CERTIFICATE_OUTCOMES = {
    Outcome.REGISTERED: _l("The certificate was registered."),
    Outcome.REPLACED: _l("The certificate was replaced."),
    Outcome.UNCHANGED: _l("This certificate is registered already."),
}


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """'Wijzig wachtwoord': current password, then the new one twice."""
    form = ChangePasswordForm()
    account = signed_in_account()
    form.personal_words = [account.username, account.first_name, account.last_name]
    if not form.validate_on_submit():
        return render("account/password.html", form=form, status=422 if form.is_submitted() else 200)
    if not verify_password(account.password_hash, form.current_password.data):
        form.current_password.errors.append(_("This is not your current password."))
        return render("account/password.html", form=form, status=422)
    change_password(account, form.new_password.data)
    login_user(account)  # this session continues under the new session epoch
    flash(_("Your password was changed."), "success")
    return redirect(start_page(account), code=303)


@bp.route("/details", methods=["GET", "POST"])
@login_required
def details():
    """'Consulteren of wijzigen van overige gegevens': own e-mail, the enterprise's e-mail, language."""
    account = signed_in_account()
    form = OwnDataForm.for_account(account)
    if not form.validate_on_submit():
        return render("account/details.html", form=form, status=422 if form.is_submitted() else 200)
    try:
        changed = change_own_data(account, **form.changes())
    except StaleData:
        stored = Account.get_by_id(account.id)
        form.use_versions(stored)
        return render("account/details.html", form=form, stored=stored, status=show_stale_data(form))
    except Refused as refusal:
        return render("account/details.html", form=form, status=show_refusal(form, refusal))
    refresh()  # the new language applies at once, to the message below too
    flash(_("Your data were saved.") if changed else _("Nothing was changed."), "success")
    return see_other("account.details")


@bp.route("/certificate", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def certificate():
    """'Beheer van certificaat': the enterprise's certificate; a new file registers or replaces it."""
    form = CertificateForm()
    if not form.validate_on_submit():
        return certificate_page(form, 422 if form.is_submitted() else 200)
    try:
        facts = read_certificate(form.certificate_file.data.read(MAX_BYTES + 1))
        _, outcome = register(current_user.enterprise, facts)
    except StaleData:
        return certificate_page(form, show_stale_data(form))
    except Refused as refusal:
        return certificate_page(form, show_refusal(form, refusal))
    flash(str(CERTIFICATE_OUTCOMES[outcome]), "success")
    return see_other("account.certificate")


def certificate_page(form, status):
    """The certificate page (or its panel, for htmx) with `form` as it stands."""
    enterprise = current_user.enterprise
    current = Certificate.current_of(enterprise)
    history = Certificate.of_enterprise(enterprise).where(Certificate.status != CertificateStatus.ACTIVE)
    focus_first_error(form)
    return render("account/certificate.html", "account/_certificate.html", status=status, form=form,
                  current=current, expiring=current is not None and expires_soon(current),
                  history=history.limit(HISTORY_LENGTH), now=utcnow())


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A certificate file far over the limit: say so next to the field; other pages as usual."""
    if request.endpoint != "account.certificate":
        return handle_http_error(error)
    form = CertificateForm(formdata=None)
    return certificate_page(form, show_refusal(form, CertificateRefused(TOO_LARGE, status=413)))


@bp.route("/certificate/<int:certificate_id>/revoke", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def revoke_certificate(certificate_id):
    """Revoke the enterprise's certificate: the page shows it, 'Intrekken' revokes it."""
    certificate = get_or_404(
        Certificate.of_enterprise(current_user.enterprise).where(Certificate.id == certificate_id))
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render("account/revoke_certificate.html", certificate=certificate, form=form)
    try:
        revoked = revoke(certificate)
    except Refused as refusal:
        return render("account/revoke_certificate.html", certificate=certificate, form=form,
                      status=show_refusal(form, refusal))
    flash(_("The certificate was revoked.") if revoked else _("This certificate was revoked already."),
          "success")
    return see_other("account.certificate")


# the only pages an account that must choose a new password may open
OPEN_WHILE_CHANGING_PASSWORD = {"account.password", "auth.logout", "auth.language", "static"}


def require_new_password():
    """before_request hook: a one-time password leads to 'Wijzig wachtwoord' first."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_WHILE_CHANGING_PASSWORD
    ):
        return redirect(url_for("account.password"))
    return None
