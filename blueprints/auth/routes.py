"""Signing in and out, and choosing the language."""

import time

from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from blueprints.auth.forms import BACK_OFFICE, ENTERPRISE, LanguageForm, LoginForm
from blueprints.onboarding.provisional import PROVISIONAL_REFUSALS, start_provisional_session
from db.accounts import Role
from domain.accounts import change_language
from domain.auth import Refusal, sign_in
from domain.languages import UNAVAILABLE as UNAVAILABLE_LANGUAGE
from web.access import signed_in_account
from web.extensions import limiter
from web.i18n import LANGUAGE_COOKIE
from web.navigation import safe_next, start_page
from web.rendering import render

bp = Blueprint("auth", __name__)

PORTAL_ROLES = {ENTERPRISE: (Role.LOCAL_ADMIN, Role.USER), BACK_OFFICE: (Role.OFFICER,)}
WRONG_CREDENTIALS = _l(
    "Wrong username or password. After 5 failed attempts an account is locked for 15 minutes.")
# what a refused sign-in hears, and its status; all but INVALID only after the right password
REFUSALS = {
    Refusal.BLOCKED: (_l("Your account is blocked. Contact your local administrator."), 403),
    Refusal.USED: (PROVISIONAL_REFUSALS[Refusal.USED], 403),
    Refusal.EXPIRED: (PROVISIONAL_REFUSALS[Refusal.EXPIRED], 403),
}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """The login page: choose 'Onderneming', give username and password, click 'Login'."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render("auth/login.html", form=form, status=422 if form.is_submitted() else 200)
    result = sign_in(form.username.data, form.password.data, PORTAL_ROLES[form.portal.data])
    if result.credential:
        start_provisional_session(result.credential)
        return redirect(url_for("onboarding.first_login"), code=303)
    if result.account:
        start_session(result.account)
        return redirect(safe_next(request.args.get("next")) or start_page(result.account), code=303)
    message, status = REFUSALS.get(result.refusal, (WRONG_CREDENTIALS, 401))
    form.form_errors.append(str(message))
    return render("auth/login.html", form=form, status=status)


def start_session(account):
    """A fresh session for `account`: nothing carried over from before signing in."""
    session.clear()
    login_user(account)
    session["seen"] = int(time.time())


@bp.post("/logout")
@login_required
def logout():
    """Sign out and return to the public home page."""
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("public.home"), code=303)


@bp.post("/language")
def language():
    """Switch the language; a signed-in account keeps it as its preference."""
    form = LanguageForm()
    if not form.validate():
        abort(400, str(UNAVAILABLE_LANGUAGE))
    chosen = form.lang.data
    if current_user.is_authenticated:
        change_language(signed_in_account(), chosen)
    response = redirect(safe_next(form.next.data) or url_for("public.home"), code=303)
    response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
