"""The access decorators: roles and STTS profiles are checked on the server."""

import pytest
from flask import Blueprint

from db.accounts import Role
from db.applications import STTS
from domain import profiles
from domain.profiles import Function
from tests.factories import make_account, make_enterprise
from tests.helpers import text
from web.access import profile_required, role_required


@pytest.fixture
def guarded_app(app):
    """The app with a few routes behind each decorator."""
    probe = Blueprint("probe", __name__)

    @probe.get("/probe/admin")
    @role_required(Role.LOCAL_ADMIN)
    def admin_only():
        return "admin page"

    @probe.get("/probe/stop")
    @profile_required(Function.STOP)
    def stop_dossier():
        return "stop page"

    @probe.get("/probe/tasks")
    @profile_required(Function.TASKS)
    def tasks():
        return "tasks page"

    app.register_blueprint(probe)
    return app


@pytest.fixture
def enterprise(app):
    return make_enterprise()


def test_role_required_refuses_other_roles(guarded_app, client, auth, enterprise):
    make_account(enterprise, username="plain.user")
    auth.login("plain.user")
    assert client.get("/probe/admin").status_code == 403


def test_role_required_admits_the_role(guarded_app, client, auth, enterprise):
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="the.admin")
    auth.login("the.admin")
    assert client.get("/probe/admin").text == "admin page"


def test_role_required_sends_visitors_to_the_login_page(guarded_app, client):
    assert client.get("/probe/admin").status_code == 302


@pytest.mark.parametrize(
    ("profile", "stop", "tasks"),
    [("stts1", 403, 403), ("stts2", 200, 403), ("stts3", 200, 200), (None, 403, 403)],
)
def test_profile_required_follows_the_manuals_table(guarded_app, client, auth, enterprise, profile, stop,
                                                    tasks):
    make_account(enterprise, username="stts.user", stts_profile=profile, applications=[STTS])
    auth.login("stts.user")
    assert client.get("/probe/stop").status_code == stop
    assert client.get("/probe/tasks").status_code == tasks


def test_a_profile_without_access_to_stts_grants_nothing(guarded_app, client, auth, enterprise):
    make_account(enterprise, username="no.access", stts_profile="stts3", applications=["ebox"])
    auth.login("no.access")
    assert client.get("/probe/stop").status_code == 403


def test_a_local_admin_without_a_profile_cannot_enter_stts(guarded_app, client, auth, enterprise):
    make_account(enterprise, role=Role.LOCAL_ADMIN, username="the.admin")
    auth.login("the.admin")
    assert client.get("/probe/stop").status_code == 403


def test_the_403_page_speaks_the_users_language(guarded_app, client, auth, enterprise):
    make_account(enterprise, username="franc.user", language="fr")
    auth.login("franc.user")
    response = client.get("/probe/admin")
    assert "Vous n'avez pas accès à cette page." in text(response)


def test_profiles_grant_exactly_the_manuals_functions():
    assert set(profiles.functions_of("stts1")) == {
        Function.REQUEST, Function.TRANSFER, Function.MODIFY, Function.SEARCH}
    assert set(profiles.functions_of("stts2")) == set(profiles.functions_of("stts1")) | {Function.STOP}
    assert set(profiles.functions_of("stts3")) == set(profiles.functions_of("stts2")) | {
        Function.CANCEL_ACTION, Function.TASKS}
    assert profiles.functions_of(None) == ()


def test_refused_htmx_requests_do_not_grow_the_session(client):
    for _ in range(5):
        response = client.get("/users/", headers={"HX-Request": "true"})
        assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")
    with client.session_transaction() as session:
        assert len(session.get("_flashes", [])) == 1
