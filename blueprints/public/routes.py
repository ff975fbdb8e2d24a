"""The public pages, reachable without signing in."""

from flask import Blueprint

from web.rendering import render

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """The portal's home page: sign in, or find out how to register."""
    return render("public/home.html")
