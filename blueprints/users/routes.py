"""'Beheer van gebruikers' and 'Opzoeking van gebruikers': a local admin's users."""

from flask import Blueprint

from db.accounts import Role
from web.access import role_required
from web.rendering import render

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.get("/")
@role_required(Role.LOCAL_ADMIN)
def index():
    """'Beheer van gebruikers': the users of the admin's enterprise."""
    return render("users/index.html")


@bp.get("/search")
@role_required(Role.LOCAL_ADMIN)
def search():
    """'Opzoeking van gebruikers'."""
    return render("users/search.html")


@bp.get("/new")
@role_required(Role.LOCAL_ADMIN)
def create():
    """'Nieuwe gebruiker toevoegen'."""
    return render("users/new.html")
