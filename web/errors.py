"""Error pages in the visitor's language; for htmx, a message in the page's live region."""

import math
import time

from flask import make_response, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from web.extensions import limiter
from web.rendering import wants_partial

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist, or you do not have access to it."),
    405: _l("This action is not possible here."),
    413: _l("The file or form is too large."),
    429: _l("Too many attempts. Wait a moment and try again."),
    500: _l("Something went wrong on our side. Please try again later."),
}
CSRF_MESSAGE = _l("This form has expired. Reload the page and try again.")


def render_error(code, message):
    """The error as a page, or as a message swapped into #messages for htmx."""
    if wants_partial():
        headers = {"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"}
        return render_template("errors/_message.html", message=message), code, headers
    return render_template("errors/error.html", code=code, message=message), code


def handle_http_error(error):
    code = error.code or 500
    if error.description != type(error).description:
        # abort(code, message) with our own, translated message
        return render_error(code, error.description)
    return render_error(code, MESSAGES.get(code) or MESSAGES[400 if code < 500 else 500])


def handle_too_many_requests(error):
    """Over a rate limit (Flask-Limiter): the page or message, and when to try again (Retry-After)."""
    response = make_response(render_error(429, MESSAGES[429]))
    response.headers["Retry-After"] = str(retry_after())
    return response


def retry_after():
    """Seconds until the limit this request broke lets the client in again (at least 1)."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, math.ceil(breached.reset_at - time.time()))


def handle_csrf_error(error):
    return render_error(400, CSRF_MESSAGE)


def handle_unexpected_error(error):
    # Flask logs the traceback; the visitor gets a page in their language, never a stack trace
    return render_error(500, MESSAGES[500])


def init_errors(app):
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(429, handle_too_many_requests)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
