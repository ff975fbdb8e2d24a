"""The STTS application: social-tariff dossiers, gated by the user's STTS profile."""

from flask import Blueprint
from flask_login import current_user

from domain.profiles import FUNCTION_NAMES, functions_of
from web.access import stts_user_required
from web.rendering import render

bp = Blueprint("stts", __name__, url_prefix="/stts")


@bp.get("/")
@stts_user_required
def index():
    """The STTS start page: the functions the user's profile grants."""
    functions = [FUNCTION_NAMES[f] for f in functions_of(current_user.stts_profile)]
    return render("stts/index.html", functions=functions)
