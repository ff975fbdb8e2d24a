"""The start page after signing in, and the secured applications listed on it."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from db.accounts import Role
from db.applications import STTS, Application
from domain.activity import recent_activity
from domain.inactivity import inactive_users
from domain.profiles import may_enter_stts
from web.access import get_or_404, role_required
from web.i18n import current_language
from web.provisional import provisional_credential
from web.rendering import render

bp = Blueprint("welcome", __name__, url_prefix="/welcome")


@bp.before_request
def provisional_start_page():
    """Provisional credentials open only 'Maak een lokale beheerder': their start page, not the login."""
    if not current_user.is_authenticated and provisional_credential() is not None:
        return redirect(url_for("onboarding.first_login"), code=303)
    return None


@bp.get("/")
@role_required(Role.LOCAL_ADMIN, Role.USER)
def index():
    """'Welkom <name>': the local admin's welcome page, or a user's own start page."""
    applications = application_links(current_user)
    if not current_user.is_local_admin:
        return render("welcome/user.html", applications=applications, exchanges=may_enter_stts(current_user))
    return render("welcome/local_admin.html", applications=applications,
                  activity=recent_activity(current_user.enterprise, current_language()),
                  inactive_count=inactive_users(current_user.enterprise).count())


@bp.get("/applications/<code>")
@role_required(Role.LOCAL_ADMIN, Role.USER)
def application(code):
    """What a secured application is; for STTS also how to enter it."""
    chosen = get_or_404(current_user.applications().where(Application.code == code))
    return render("welcome/application.html", application=chosen,
                  opens_stts=chosen.code == STTS and may_enter_stts(current_user))


def application_links(account):
    """(application, URL) for every application the account may use: STTS opens the STTS
    application for those with a profile; any other link opens the page about the application."""
    enters_stts = may_enter_stts(account)
    return [
        (application, url_for("stts.index") if application.code == STTS and enters_stts
         else url_for("welcome.application", code=application.code))
        for application in account.applications()
    ]
