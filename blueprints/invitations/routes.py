"""Invitations: the person opens the e-mailed link and chooses a password; the local admin sends a
new one from 'Nieuw wachtwoord'."""

from flask import Blueprint, current_app, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from db.accounts import Account, Role
from domain import invitations
from domain.accounts import own_words
from domain.refusals import Refused
from web.access import current_actor, get_or_404, role_required
from web.extensions import limiter
from web.form_page import handle_form, page
from web.rendering import render, see_other

from .forms import ChoosePasswordForm

bp = Blueprint("invitations", __name__)


def invitation_link(token):
    """The absolute address of the invitation page for `token` (it goes into the e-mail)."""
    return url_for("invitations.accept", token=token, _external=True)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def accept(token):
    """The invitation's page: choose a password; an expired, used or unknown link says what to do."""
    try:
        invitation = invitations.open_invitation(token)
    except Refused as refusal:
        return render("invitations/invalid.html", status=refusal.status, message=refusal.message)
    form = ChoosePasswordForm()
    form.personal_words = own_words(invitation.account)
    return handle_form(form, lambda: invitations.accept(current_actor(), token, form.new_password.data),
                       page=page("invitations/accept.html", account=invitation.account), done=_accepted)


def _accepted(account):
    flash(_("Your password is set. Sign in with your username %(username)s and your new password.",
            username=account.username), "success")
    return see_other("auth.login")


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@role_required(Role.LOCAL_ADMIN)
def reinvite(user_id):
    """'Nieuw wachtwoord' by e-mail: the user gets a new invitation and chooses their own password."""
    account = get_or_404(Account.of_enterprise(current_user.enterprise).where(Account.id == user_id))
    return handle_form(FlaskForm(), lambda: invitations.reinvite(current_actor(), account, invitation_link),
                       page=page("users/password.html", account=account),
                       done=lambda sent: _sent(sent))


def _sent(account):
    flash(_("An invitation was sent to %(email)s. The link is valid for 72 hours.", email=account.email),
          "success")
    return see_other("users.show", user_id=account.id)
