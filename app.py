"""The STTS access management: the application factory and its wiring, nothing else."""

from pathlib import Path

from flask import Flask, request
from flask_babel import Babel
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from blueprints import register_blueprints
from commands import register_commands
from db import prepared
from db.base import database
from db.connection import close_pool, open_database
from domain import mail, second_factor
from web import catalogues
from web.access import enforce_idle_limit, login_manager, require_new_password
from web.answer_cache import init_answer_cache
from web.converters import init_converters
from web.deliveries import deliver_task_notices
from web.errors import init_errors
from web.extensions import compress, csrf, limiter
from web.i18n import DEFAULT_LANGUAGE, select_language
from web.rendering import add_vary_header
from web.second_factor import require_second_factor
from web.security import add_security_headers, add_transport_security, hide_server_banner, warn_at_start_up
from web.templating import init_templating

DEFAULTS = {
    "BABEL_DEFAULT_LOCALE": DEFAULT_LANGUAGE,
    "BABEL_DEFAULT_TIMEZONE": "Europe/Brussels",
    # the session cookie dies with the browser; an idle session ends after 30 minutes (web.access)
    "SESSION_PERMANENT": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 0,
    # htmx sends the token as a header (see base.html); forms send it as a field
    "WTF_CSRF_HEADERS": ["X-CSRFToken"],
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "SEND_FILE_MAX_AGE_DEFAULT": 365 * 24 * 3600,
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_MIMETYPES": ["text/html", "text/css", "text/javascript", "application/javascript", "text/csv"],
    "COMPRESS_MIN_SIZE": 500,
    # brotli's level 5 is as quick as 4 (about 1 ms for a page) and 10% smaller
    "COMPRESS_BR_LEVEL": 5,
    "RATELIMIT_HEADERS_ENABLED": False,
}


def create_app(settings=None):
    """Build the app. `settings` overrides the environment (tests pass a database and a key)."""
    app = Flask(__name__, instance_path=str(config.INSTANCE_PATH))
    app.config.update(DEFAULTS)
    app.config.update(config.from_environment())
    app.config.update(settings or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.instance_secret_key(app.instance_path)
    if app.config["TRUSTED_PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"], x_proto=1)

    hide_server_banner()
    warn_at_start_up(app.config)
    init_database(app)
    mail.configure(app.config)
    catalogues.ensure_compiled(Path(app.root_path) / "translations")
    second_factor.configure(app.config["SECRET_KEY"], app.config["SECOND_FACTOR_GRACE_DAYS"])
    Babel(app, locale_selector=select_language)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    init_templating(app)
    init_answer_cache(app)
    init_errors(app)
    init_converters(app)
    register_blueprints(app)
    register_commands(app)

    app.before_request(enforce_idle_limit)
    app.before_request(require_new_password)
    app.before_request(require_second_factor)
    app.after_request(add_security_headers)
    app.after_request(add_transport_security)
    app.after_request(add_vary_header)
    app.after_request(deliver_task_notices)
    return app


def init_database(app):
    """Point the models at DATABASE_URL and hold one connection per request, taken from the
    process's pool and handed back after it (db.connection.open_database)."""
    close_pool(database.obj)
    database.initialize(open_database(app.config["DATABASE_URL"], pooled=True))
    prepared.prepare_on_server(app.config.get("PREPARE_ON_SERVER", True))

    @app.before_request
    def open_connection():
        if request.endpoint != "static":
            database.connect(reuse_if_open=True)

    @app.teardown_request
    def close_connection(exc):
        if not database.is_closed():
            database.close()
