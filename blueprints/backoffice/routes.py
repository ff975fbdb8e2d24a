"""The Social Security back office: access requests from operators."""

from flask import Blueprint

from db.accounts import Role
from web.access import role_required
from web.rendering import render

bp = Blueprint("backoffice", __name__, url_prefix="/backoffice")


@bp.get("/")
@role_required(Role.OFFICER)
def index():
    """The queue of access requests."""
    return render("backoffice/index.html")
