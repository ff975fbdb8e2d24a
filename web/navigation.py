"""Where a visitor goes next: their start page, or a safe local `next` URL."""

from urllib.parse import urlsplit

from flask import url_for

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
