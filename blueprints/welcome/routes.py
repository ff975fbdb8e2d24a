"""The start page after signing in, and the secured applications listed on it."""

from flask import Blueprint
from flask_login import current_user

from db.accounts import Role
from web.access import role_required
from web.rendering import render

bp = Blueprint("welcome", __name__, url_prefix="/welcome")


@bp.get("/")
@role_required(Role.LOCAL_ADMIN, Role.USER)
def index():
    """'Welkom <name>': the account's enterprise and the applications it may use."""
    return render("welcome/index.html", applications=current_user.applications())
