"""Who may use a route: sign-in, roles and STTS profiles, checked on the server by decorators."""

from functools import wraps

from flask import abort, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, logout_user
from peewee import JOIN

from db import clock
from db.accounts import Account
from db.enterprises import Enterprise
from domain.actors import Actor
from domain.profiles import granted_functions
from web.rendering import wants_partial

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
# "strong" would sign out mobile users whose IP address changes; the idle limit guards instead
login_manager.session_protection = "basic"

IDLE_SECONDS = 30 * 60
# the last-seen time is written at most once a minute, to spare a cookie on every response
SEEN_RESOLUTION = 60

__all__ = ["current_actor", "get_or_404", "profile_required", "requires", "role_required",
           "signed_in_account", "stts_user_required"]


@login_manager.user_loader
def load_account(session_id):
    """The signed-in account, if its session is still valid (see Account.session_epoch)."""
    account_id, _, epoch = session_id.partition(".")
    if not account_id.isdigit():
        return None
    # with its enterprise: every enterprise page shows "Onderneming : <name>"
    account = (Account.select(Account, Enterprise).join(Enterprise, JOIN.LEFT_OUTER)
               .where(Account.id == int(account_id)).get_or_none())
    if account is None or str(account.session_epoch) != epoch or account.blocked:
        return None
    return account


@login_manager.unauthorized_handler
def ask_to_sign_in():
    """Send the visitor to the login page; htmx follows with a full page load."""
    flash_once(str(login_manager.login_message), login_manager.login_message_category)
    return to_login_page()


def flash_once(message, category):
    """Flash `message` unless it waits to be shown already: a run of refused htmx requests must not
    grow the session with the same message until the next full page."""
    if (category, message) not in session.get("_flashes", []):
        flash(message, category)


def requires(allowed):
    """A decorator: the view needs a signed-in account for which `allowed(account)` holds; else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorator


def role_required(*roles):
    """The view needs a signed-in account with one of `roles` (see db.accounts.Role); else 403."""
    return requires(lambda account: account.role in roles)


def profile_required(function):
    """The view needs an STTS profile that grants `function` (see domain.profiles); else 403."""
    return requires(lambda account: function in stts_functions())


# the view needs an account that may enter the STTS application (any STTS profile); else 403
stts_user_required = requires(lambda account: bool(stts_functions()))


def stts_functions():
    """The signed-in account's STTS functions, asked of the database once per request."""
    if "stts_functions" not in g:
        g.stts_functions = granted_functions(current_user) if current_user.is_authenticated else frozenset()
    return g.stts_functions


def signed_in_account():
    """The signed-in account itself (not Flask-Login's proxy), to hand to domain functions."""
    return current_user._get_current_object()


def get_or_404(query):
    """The one row of a scoped query (e.g. Account.of_enterprise(...).where(id == x)), else 404.

    Another enterprise's id thus looks exactly like an id that does not exist.
    """
    row = query.get_or_none()
    if row is None:
        abort(404)
    return row


def enforce_idle_limit():
    """before_request hook: a session unused for 30 minutes ends."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    if not still_active(session, "seen"):
        logout_user()
        session.clear()
        flash(str(_l("Your session ended after 30 minutes without activity. Please sign in again.")), "info")
        return to_login_page()
    return None


def still_active(state, key):
    """False when `state[key]` (the last time this session was used) is more than 30 minutes ago;
    else True, and the time is brought up to date (at most once a minute, to spare the cookie)."""
    now = clock.timestamp()
    seen = state.get(key, now)
    if now - seen > IDLE_SECONDS:
        return False
    if now - seen >= SEEN_RESOLUTION or key not in state:
        state[key] = now
    return True


# the only pages an account that must choose a new password may open
OPEN_WHILE_CHANGING_PASSWORD = {"account.password", "auth.logout", "auth.language", "static"}


def require_new_password():
    """before_request hook: a one-time password leads to 'Wijzig wachtwoord' first."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_WHILE_CHANGING_PASSWORD
    ):
        return redirect(url_for("account.password"))
    return None


def to_login_page(come_back=True):
    """The login page, for a page load or (by HX-Redirect) for htmx; with `come_back`, back to
    this page after signing in."""
    target = url_for("auth.login", next=_current_path() if come_back else None)
    if wants_partial():
        return "", 401, {"HX-Redirect": target}
    return redirect(target)


def _current_path():
    return request.full_path.rstrip("?") if request.method == "GET" else None


def current_actor():
    """Who acts in this request: the signed-in person, or a visitor; from the client's address.

    Built once per request; the domain gets it as its first argument.
    """
    if "actor" not in g:
        address = request.remote_addr or ""
        g.actor = (Actor.person(signed_in_account(), address) if current_user.is_authenticated
                   else Actor.visitor(address))
    return g.actor
