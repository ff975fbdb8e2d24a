"""The account's own data: 'Wijzig wachtwoord' and the rest of 'Beheer eigen gegevens'."""

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from domain.accounts import change_password
from domain.passwords import verify_password
from web.navigation import start_page
from web.rendering import render

from .forms import ChangePasswordForm

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    """'Wijzig wachtwoord': current password, then the new one twice."""
    form = ChangePasswordForm()
    account = current_user._get_current_object()
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
