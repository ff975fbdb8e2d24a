"""Where a visitor goes next: their start page, or a safe local `next` URL."""

from urllib.parse import urlsplit

from flask import url_for
from flask_babel import lazy_gettext as _l

from db.accounts import Role


def start_page(account):
    """The page an account lands on after signing in."""
    if account.role == Role.OFFICER:
        return url_for("backoffice.index")
    return url_for("welcome.index")


def safe_next(target):
    """`target` when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if not target.isprintable() or len(target) > 2000:
        # CR/LF would split the Location header (Werkzeug refuses it: a 500 after the action ran)
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


# -- the portal's frame (the manual's welcome page): the top links, the left menu, the sitemap -----

# the top links of every page's header
TOP_LINKS = (("public.sitemap", _l("Sitemap")), ("public.about", _l("About Social Security")),
             ("public.contact", _l("Contact us")))
# the left menu of the public pages ("Werkgevers RSZ"): the pages of the section, as the manual names them
PORTAL_MENU = (("onboarding.how_to_register", _l("How to register")),
               ("auth.login", _l("Signing in")),
               ("onboarding.electronic_form", _l("Electronic form for the access request")),
               ("onboarding.status", _l("Look up the status of an access request")))
# what the sitemap names each page a visitor may open (a GET route with no value in its path)
SITEMAP_SECTIONS = (
    (_l("The enterprise"), (
        ("public.home", _l("Online services of Social Security")),
        ("public.employers", _l("RSZ employers")), *PORTAL_MENU,
        ("onboarding.access_request", _l("Make an access request for the secured environment")))),
    (_l("Social Security"), TOP_LINKS),
)


def portal_menu_shown(endpoint, signed_in):
    """Whether a page wears the portal's left menu: the public pages, for a visitor."""
    return not signed_in and endpoint in _FRAMED


_FRAMED = {"public.home", "public.employers", "public.sitemap", "public.about", "public.contact",
           *(endpoint for endpoint, _label in PORTAL_MENU)}


def sitemap(url_map):
    """The sitemap's sections: [(title, [(url, label)])], from the app's own routes: the GET routes
    with no value in their path that a section names (a route that is gone drops out)."""
    paths = {rule.endpoint: rule.rule for rule in url_map.iter_rules()
             if "GET" in rule.methods and not rule.arguments}
    return [(title, [(paths[endpoint], label) for endpoint, label in pages if endpoint in paths])
            for title, pages in SITEMAP_SECTIONS]
