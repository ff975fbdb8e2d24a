"""Signing in and out, and choosing the language."""

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from blueprints.auth.forms import BACK_OFFICE, ENTERPRISE, LanguageForm, LoginForm
from db.accounts import Role
from domain.accounts import change_language
from domain.auth import sign_in
from domain.languages import UNAVAILABLE as UNAVAILABLE_LANGUAGE
from web.access import begin_session, current_actor, end_current_session
from web.extensions import limiter, rate_limit
from web.form_page import handle_form, page
from web.i18n import LANGUAGE_COOKIE
from web.navigation import safe_next, start_page
from web.provisional import start_provisional_session
from web.second_factor import ask_for_code, remind_of_deadline

bp = Blueprint("auth", __name__)

PORTAL_ROLES = {ENTERPRISE: (Role.LOCAL_ADMIN, Role.USER), BACK_OFFICE: (Role.OFFICER,)}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(rate_limit("LOGIN_RATE_LIMIT"), methods=["POST"])
def login():
    """The login page: choose 'Onderneming', give username and password, click 'Login'."""
    form = LoginForm()
    return handle_form(
        form, lambda: sign_in(current_actor(), form.username.data, form.password.data,
                              PORTAL_ROLES[form.portal.data]),
        page=page("auth/login.html"), done=start_session)


def start_session(signed_in):
    """A fresh session for whoever signed in (nothing carried over from before), and their first page."""
    if signed_in.credential:
        start_provisional_session(signed_in.credential)
        return redirect(url_for("onboarding.first_login"), code=303)
    if signed_in.second_step:
        return ask_for_code(signed_in.account, safe_next(request.args.get("next")))
    begin_session(signed_in.account)
    remind_of_deadline(signed_in.account)
    return redirect(safe_next(request.args.get("next")) or start_page(signed_in.account), code=303)


@bp.post("/logout")
@login_required
def logout():
    """Sign out and return to the public home page."""
    end_current_session()
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
        change_language(current_actor(), chosen)
    response = redirect(safe_next(form.next.data) or url_for("public.home"), code=303)
    response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
