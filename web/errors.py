"""Error pages in the visitor's language; for htmx, a message in the page's live region."""

import math
import time

from flask import abort, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from peewee import InterfaceError, OperationalError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from web.extensions import limiter
from web.rendering import wants_partial

MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this page."),
    404: _l("This page does not exist, or you do not have access to it."),
    405: _l("This action is not possible here."),
    409: _l("Someone else changed this in the meantime. Reload the page and try again."),
    413: _l("The file or form is too large."),
    422: _l("The request could not be processed. Check what you entered and try again."),
    429: _l("Too many attempts. Wait a moment and try again."),
    500: _l("Something went wrong on our side. Please try again later."),
    503: _l("The service is temporarily unavailable. Please try again in a few minutes."),
}
CSRF_MESSAGE = _l("This form has expired. Reload the page and try again.")


def render_error(code, message, headers=None):
    """The error as a page, or as a message swapped into #messages for htmx."""
    headers = dict(headers or {})
    if wants_partial():
        headers.update({"HX-Retarget": "#messages", "HX-Reswap": "innerHTML"})
        return render_template("errors/_message.html", message=message), code, headers
    return render_template("errors/error.html", code=code, message=message), code, headers


def handle_http_error(error):
    code = error.code or 500
    if isinstance(error, RequestEntityTooLarge):
        _forget_the_body()
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


def _forget_the_body():
    """A body over the limit is not read: from here on the request's form is empty. Otherwise
    whatever reads `request.form` while the error page renders (a context processor, the CSRF
    field) raises the 413 again, and Werkzeug answers with its bare 500 without our headers."""
    request.__dict__.update(form=ImmutableMultiDict(), files=ImmutableMultiDict())


# what SQLite says when it cannot be reached or stays locked; PostgreSQL's OperationalError is
# always about the connection (its SQL errors are ProgrammingError and friends)
SQLITE_UNAVAILABLE = ("database is locked", "unable to open", "disk i/o error", "database is busy")


def handle_database_unavailable(error):
    """The database is down, restarting or busy past the timeout: a clean 503 to retry later."""
    original = error.args[0] if error.args else error  # peewee wraps the driver's exception
    if type(original).__module__.startswith("sqlite3") and not any(
            marker in str(original).lower() for marker in SQLITE_UNAVAILABLE):
        return handle_unexpected_error(error)  # a mistake in our SQL, not an outage: a 500, logged
    current_app.logger.error("database unavailable: %s", original)
    # the page must not need the database: nobody is looked up while it renders (a signed-in
    # person's session is a row, and the lookup would fail again: a bare 500 from the server)
    g._login_user = current_app.login_manager.anonymous_user()
    return render_error(503, MESSAGES[503], {"Retry-After": "30"})


def handle_unexpected_error(error):
    if not isinstance(error, InternalServerError):
        current_app.logger.error("unexpected error", exc_info=error)
    # Flask logs the traceback; the visitor gets a page in their language, never a stack trace
    return render_error(500, MESSAGES[500])


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_oversized_form():
    """before_request: a form body over the limit is refused before any view runs, from its
    Content-Length. Werkzeug would refuse it only when something reads `request.form`, and a
    view that reads the form after acting (the way back of a row action) would act first.
    The XML channel reads its own body against its own limit (web.channel.spooled_body)."""
    limit = request.max_content_length
    if limit is not None and request.mimetype in FORM_TYPES and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()


def refuse_nul_bytes():
    """before_request: a NUL in a query string or a form value is a 400 before any view runs.
    Nobody types one; PostgreSQL refuses it in a string literal (a ValueError in the driver: a 500),
    and C tools read it as the end of the text. Names refuse the other control characters at their
    field (domain.free_text)."""
    form = request.form if request.mimetype in FORM_TYPES else ImmutableMultiDict()
    for values in (request.args, form):
        if any("\x00" in key or "\x00" in value for key, value in values.items(multi=True)):
            abort(400)


def init_errors(app):
    app.before_request(refuse_oversized_form)
    app.before_request(refuse_nul_bytes)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(429, handle_too_many_requests)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
