"""The account's own data: 'Wijzig wachtwoord' and the rest of 'Beheer eigen gegevens'."""

from flask import Blueprint, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, refresh
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from db.accounts import Account, Role
from db.certificates import Certificate, CertificateStatus
from db.clock import utcnow
from db.sessions import token_key
from domain import sessions
from domain.accounts import change_password
from domain.certificates import (
    MAX_BYTES,
    MAX_SIGNATURE_BYTES,
    TOO_LARGE,
    challenge_for,
    expires_soon,
    read_certificate,
    register,
    revoke,
)
from domain.own_data import change_own_data
from domain.passwords import verify_password
from domain.refusals import Refused
from domain.sessions import open_sessions
from web.access import (
    begin_session,
    current_actor,
    current_session_token,
    get_or_404,
    role_required,
    signed_in_account,
)
from web.errors import handle_http_error
from web.form_page import go_to, handle_form, page, show_refusal
from web.navigation import start_page
from web.rendering import render, see_other

from .devices import describe_device
from .forms import CertificateForm, ChangePasswordForm, ConfirmForm, OwnDataForm

bp = Blueprint("account", __name__, url_prefix="/account")

# the certificate page lists this many certificates of the past
HISTORY_LENGTH = 10
WRONG_CURRENT_PASSWORD = _l("This is not your current password.")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """'Wijzig wachtwoord': current password, then the new one twice."""
    form = ChangePasswordForm.for_account(signed_in_account())
    return handle_form(form, lambda: _change_password(form), page=page("account/password.html"),
                       done=_password_changed)


def _change_password(form):
    account = signed_in_account()
    if not verify_password(account.password_hash, form.current_password.data):
        raise Refused(WRONG_CURRENT_PASSWORD, "current_password")
    change_password(current_actor(), form.new_password.data)
    return account


def _password_changed(account):
    begin_session(account)  # every session ended with the old password: this one goes on with a new token
    flash(_("Your password was changed."), "success")
    return redirect(start_page(account), code=303)


@bp.route("/details", methods=["GET", "POST"])
@login_required
def details():
    """'Consulteren of wijzigen van overige gegevens': own e-mail, the enterprise's e-mail, language."""
    form = OwnDataForm.for_account(signed_in_account())
    return handle_form(form, lambda: change_own_data(current_actor(), **form.changes()),
                       page=page("account/details.html", sessions=open_sessions(current_user.id),
                                 this_session=token_key(current_session_token())),
                       done=_details_saved,
                       fresh=lambda: OwnDataForm.for_account(Account.get_by_id(current_user.id), stored=True))


def _details_saved(changed):
    refresh()  # the new language applies at once, to the message below too
    flash(_("Your data were saved.") if changed else _("Nothing was changed."), "success")
    return see_other("account.details")


@bp.get("/sessions/end-others")
@login_required
def confirm_end_other_sessions():
    """Before 'Afmelden op alle andere toestellen': the sessions that will end, the button, a way back."""
    this_session = token_key(current_session_token())
    others = [open for open in open_sessions(current_user.id) if open.key != this_session]
    return render("account/end_other_sessions.html", others=others)


@bp.post("/sessions/end-others")
@login_required
def end_other_sessions():
    """'Afmelden op alle andere toestellen': every session of this account but this one ends."""
    ended = sessions.end_other_sessions(current_actor(), current_session_token())
    flash(ngettext("%(num)d other session was ended.", "%(num)d other sessions were ended.", ended)
          if ended else _("You were not signed in on any other device."), "success")
    return see_other("account.details")


@bp.app_template_filter("device")
def device(user_agent):
    """A session's device in a few words, for the own-data page."""
    return describe_device(user_agent)


@bp.route("/certificate", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def certificate():
    """'Beheer van certificaat': the enterprise's certificate; a new file registers or replaces it."""
    form = CertificateForm()
    return handle_form(
        form, lambda: register(current_actor(), read_certificate(form.file_bytes(MAX_BYTES + 1)),
                               nonce=form.challenge.data,
                               signature=form.signature_bytes(MAX_SIGNATURE_BYTES)),
        page=certificate_page, done=go_to("account.certificate", lambda registered: registered[1].label))


def certificate_page(form, status):
    """The certificate page (or its panel, for htmx) with `form` as it stands."""
    enterprise = current_user.enterprise
    current = Certificate.current_of(enterprise)
    history = Certificate.of_enterprise(enterprise).where(Certificate.status != CertificateStatus.ACTIVE)
    challenge = challenge_for(enterprise)
    form.challenge.data = challenge.nonce
    return render("account/certificate.html", "account/_certificate.html", status=status, form=form,
                  challenge=challenge,
                  current=current, expiring=current is not None and expires_soon(current),
                  history=history.limit(HISTORY_LENGTH), now=utcnow())


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A certificate file far over the limit: say so next to the field; other pages as usual."""
    if request.endpoint != "account.certificate":
        return handle_http_error(error)
    form = CertificateForm(formdata=None)
    return certificate_page(form, show_refusal(form, Refused(TOO_LARGE, "certificate_file", status=413)))


@bp.route("/certificate/<int:certificate_id>/revoke", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def revoke_certificate(certificate_id):
    """Revoke the enterprise's certificate: the page shows it, 'Intrekken' revokes it."""
    certificate = get_or_404(
        Certificate.of_enterprise(current_user.enterprise).where(Certificate.id == certificate_id))
    return handle_form(
        ConfirmForm(), lambda: revoke(current_actor(), certificate),
        page=page("account/revoke_certificate.html", certificate=certificate),
        done=go_to("account.certificate", lambda revoked: _("The certificate was revoked.") if revoked
                   else _("This certificate was revoked already.")))
