"""The public pages, reachable without signing in."""

from flask import Blueprint, redirect, url_for
from flask_login import current_user

from web.navigation import start_page
from web.provisional import provisional_credential
from web.rendering import render

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """The portal's home page: sign in, or find out how to register; a signed-in person's start page."""
    if current_user.is_authenticated:
        return redirect(start_page(current_user), code=303)
    if provisional_credential() is not None:
        return redirect(url_for("onboarding.first_login"), code=303)
    return render("public/home.html")
