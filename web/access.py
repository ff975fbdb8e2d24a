"""Who may use a route: sign-in, roles and STTS profiles, checked on the server by decorators."""

from functools import wraps

from flask import abort, flash, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from domain import sessions
from domain.actors import Actor
from domain.profiles import granted_functions
from web.rendering import wants_partial

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
# "strong" would sign out mobile users whose IP address changes; the idle limit guards instead
login_manager.session_protection = "basic"

__all__ = ["begin_session", "current_actor", "current_session_token", "end_current_session", "get_or_404",
           "profile_required", "requires", "role_required", "signed_in_account", "stts_user_required"]


@login_manager.user_loader
def load_account(token):
    """The account of the session named by `token` (domain.sessions), if it is open and not blocked."""
    try:
        found = sessions.resume(token)
    except sessions.SessionEnded as ended:
        g.session_end_reason = ended.reason
        return None
    if found is None or found.account_id is None or found.account.blocked:
        return None
    account = found.account
    account.session_token = token
    return account


def begin_session(account):
    """Sign `account` in with a new session (a new token: nothing of an earlier session carries over)."""
    session.clear()
    account.session_token = sessions.open_session(
        account=account, address=request.remote_addr or "", user_agent=request.user_agent.string)
    login_user(account)


def current_session_token():
    """The token of this request's session ('' when nobody is signed in)."""
    return session.get("_user_id") or ""


def end_current_session():
    """Logout: this session's row is deleted, so its cookie opens nothing even when replayed (it is
    told "you signed out")."""
    sessions.end_session(current_session_token())
    logout_user()
    session.clear()


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
    """before_request hook: the cookie of a session that ended (unused for 30 minutes, open for 12
    hours, signed out, ended by a new password, a block, a new role…) goes to the login page,
    which says why; once: the cookie forgets the token."""
    if request.endpoint == "static":
        return None
    reason = None if current_user.is_authenticated else g.get("session_end_reason")
    if reason is None:
        return None
    session.clear()
    flash(str(reason.label), "info")
    return None if request.endpoint == "auth.login" else to_login_page()


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
