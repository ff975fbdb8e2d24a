"""The public pages, reachable without signing in: the portal's home, its section "Werkgevers RSZ"
and the top links' pages (sitemap, about, contact)."""

from flask import Blueprint, current_app, redirect, url_for
from flask_login import current_user

from web.navigation import sitemap as sitemap_sections
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


@bp.get("/employers")
def employers():
    """'Werkgevers RSZ', the section of "De onderneming" the manual chooses: register, sign in."""
    return render("public/employers.html")


@bp.get("/sitemap")
def sitemap():
    """Every page a visitor may open, made from the app's own routes."""
    return render("public/sitemap.html", sections=sitemap_sections(current_app.url_map))


@bp.get("/about")
def about():
    """'Over de Sociale Zekerheid'."""
    return render("public/about.html")


@bp.get("/contact")
def contact():
    """'Contacteer ons'."""
    return render("public/contact.html")
