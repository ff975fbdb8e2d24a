"""Security headers on every response: a strict CSP (no inline script) and friends; HSTS over
HTTPS; no server banner; a loud warning when the app is reachable over plain HTTP."""

import ipaddress
import logging
import os
import re
import sys

from flask import current_app, request
from werkzeug.serving import WSGIRequestHandler

from web.rendering import wants_partial

# style-src and connect-src fall back to default-src (CSP Level 3, "default-src"): written out they
# would add 40 bytes to every answer and change nothing; script-src stays explicit, the one that matters
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# what only a document reads (its scripts, its frames, its window, its features): a part of a page
# that htmx fetches and swaps in lives under the page's own headers, and a browser never opens it as
# a document (it is asked for with HX-Request, which a link or a form cannot send; without it the
# same address answers the whole page, with them). Left off, they save 300 bytes of every swap.
DOCUMENT_ONLY = ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy",
                 "Cross-Origin-Opener-Policy")


def add_security_headers(response):
    """after_request hook: the headers above, and no caching of pages with personal data."""
    partial = wants_partial() and response.mimetype == "text/html"
    for name, value in HEADERS.items():
        if not (partial and name in DOCUMENT_ONLY):
            response.headers.setdefault(name, value)
    if response.mimetype == "text/html" or response.mimetype == "text/csv":
        # pages hold national numbers and names: keep them out of shared and back-button caches
        response.headers["Cache-Control"] = "no-store"
    return response


# two years, the whole domain: once a browser has seen it over HTTPS it never tries plain HTTP again
HSTS = "max-age=63072000; includeSubDomains"
# what the Server header says instead of the server's name and version
SERVER_BANNER = "STTS"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]", ""}

log = logging.getLogger(__name__)


def add_transport_security(response):
    """after_request hook: HSTS on an answer over HTTPS (also behind the trusted proxy, whose
    X-Forwarded-Proto ProxyFix reads); and the warning below, once."""
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = HSTS
    else:
        warn_once_about_plain_http()
    return response


_warned = False


def warn_once_about_plain_http():
    """A loud log line (once per process) when a request from elsewhere arrives over plain HTTP."""
    global _warned
    if _warned or current_app.testing or is_local(request.host.rsplit(":", 1)[0]):
        return
    _warned = True
    log.warning(PLAIN_HTTP_WARNING)


PLAIN_HTTP_WARNING = (
    "\n" + "!" * 78 + "\n"
    "!! STTS is served over plain HTTP to other machines: passwords, session cookies and national\n"
    "!! register numbers cross the network unencrypted. Serve it behind HTTPS (a TLS proxy), set\n"
    "!! STTS_SECURE_COOKIES=1 and STTS_TRUSTED_PROXIES. See SECURITY.md.\n" + "!" * 78)


def is_local(host):
    """True for a loopback name or address (the developer's own machine)."""
    host = (host or "").strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_at_start_up(config, environ=os.environ):
    """At start-up: a loud warning when cookies are not Secure (so no HTTPS in front) and the app
    listens beyond this machine (HOST, FLASK_RUN_HOST, or gunicorn's --bind)."""
    if config.get("SESSION_COOKIE_SECURE") or config.get("TESTING"):
        return False
    hosts = [environ.get("HOST", ""), environ.get("FLASK_RUN_HOST", "")]
    hosts += re.findall(r"(?:-b|--bind)[ =](\S+)", environ.get("GUNICORN_CMD_ARGS", ""))
    listening = [host.rsplit(":", 1)[0] if host.count(":") == 1 else host for host in hosts if host]
    if all(is_local(host) for host in listening):
        return False
    log.warning(PLAIN_HTTP_WARNING)
    return True


def hide_server_banner():
    """No server name and version in the Server header: Werkzeug's development server and
    gunicorn both say just 'STTS'."""
    WSGIRequestHandler.version_string = lambda handler: SERVER_BANNER
    gunicorn_wsgi = sys.modules.get("gunicorn.http.wsgi")
    if gunicorn_wsgi is not None:
        gunicorn_wsgi.SERVER = SERVER_BANNER
