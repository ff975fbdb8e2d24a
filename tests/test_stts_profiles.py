"""The manual's table of STTS functions per profile, enforced on the server and shown on the screens."""

import pytest

from db.accounts import Account, Role
from db.applications import STTS
from db.dossiers import Dossier, Status
from domain import dossiers
from domain.profiles import Function
from tests.factories import act, make_account, make_enterprise
from tests.helpers import text
from tests.stts_data import active_dossier, operator_with_user

# function: (STTS 1, STTS 2, STTS 3) -- "Gebruikersprofielen voor de STTS-toepassingen"
MANUAL = {
    Function.REQUEST: (True, True, True),
    Function.TRANSFER: (True, True, True),
    Function.MODIFY: (True, True, True),
    Function.SEARCH: (True, True, True),
    Function.STOP: (False, True, True),
    Function.CANCEL_ACTION: (False, False, True),
    Function.TASKS: (False, False, True),
}
PROFILES = ("stts1", "stts2", "stts3")
# the screens of each function (GET), {dossier} and {task} filled in by the fixture
SCREENS = {
    Function.REQUEST: ["/stts/dossiers/new", "/stts/identify"],
    Function.TRANSFER: ["/stts/transfer"],
    # the activation is part of "Wijziging van een dossier": the manual's table has no row for it
    Function.MODIFY: ["/stts/dossiers/{dossier}/edit", "/stts/dossiers/{pending}/activate"],
    Function.SEARCH: ["/stts/dossiers", "/stts/dossiers/{dossier}"],
    Function.STOP: ["/stts/dossiers/{dossier}/stop/reduction", "/stts/dossiers/{dossier}/stop/tariff"],
    Function.CANCEL_ACTION: ["/stts/dossiers/{dossier}/cancel"],
    Function.TASKS: ["/stts/tasks", "/stts/tasks/{task}"],
}
# the Dutch names the start page shows (the manual's words)
DUTCH_NAMES = {
    Function.REQUEST: "Aanvraag van een sociaal telefoontarief",
    Function.TRANSFER: "Transfer van een sociaal telefoontarief (van operator A naar operator B)",
    Function.MODIFY: "Wijziging van een dossier",
    Function.SEARCH: "Opzoeken van een dossier",
    Function.STOP: "Stopzetten van een reductie en van het sociaal telefoontarief",
    Function.CANCEL_ACTION: "Annulatie van een actie",
    Function.TASKS: "Consulteren en behandelen van taken voor de operator",
}


@pytest.fixture
def operator_data(app):
    """An operator with an active dossier, a pending one and a task, and one user per profile."""
    operator, first = operator_with_user("BUCOM NL", profile="stts1", username="stts1.user")
    for profile in ("stts2", "stts3"):
        make_account(operator, username=f"{profile}.user", stts_profile=profile, applications=[STTS])
    other, other_user = operator_with_user("TELCO SUD SA", username="telco.user")
    held = active_dossier(other, other_user)
    taken = dossiers.transfer(act(first), held.national_number, held.line_number)  # a task for us
    pending = active_dossier(operator, first)
    Dossier.update(status=Status.AWAITING_ACTIVATION).where(Dossier.id == pending.id).execute()
    return {"dossier": taken.id, "pending": pending.id, "task": taken.tasks.get().id}


@pytest.mark.parametrize("function", list(MANUAL))
@pytest.mark.parametrize("profile", PROFILES)
def test_each_function_answers_exactly_the_profiles_of_the_manual(client, auth, operator_data, function,
                                                                   profile):
    auth.login(f"{profile}.user")
    allowed = MANUAL[function][PROFILES.index(profile)]
    for screen in SCREENS[function]:
        status = client.get(screen.format(**operator_data)).status_code
        assert status == (200 if allowed else 403), (screen, status)


@pytest.mark.parametrize("profile", PROFILES)
def test_the_start_page_shows_only_the_functions_the_profile_grants(client, auth, operator_data, profile):
    auth.login(f"{profile}.user")
    page = text(client.get("/stts/"))
    for function, granted in MANUAL.items():
        assert (DUTCH_NAMES[function] in page) == granted[PROFILES.index(profile)], function


@pytest.mark.parametrize(("profile", "buttons", "absent"), [
    ("stts1", ["Wijzigen"], ["Stopzetten", "Annulatie van een actie", "Taken"]),
    ("stts2", ["Wijzigen", "Stopzetten"], ["Annulatie van een actie", ">Taken<"]),
    ("stts3", ["Wijzigen", "Stopzetten", ">Taken<"], []),
])
def test_the_dossier_page_offers_only_the_granted_actions(client, auth, operator_data, profile, buttons,
                                                         absent):
    auth.login(f"{profile}.user")
    dossier = Dossier.get_by_id(operator_data["dossier"])
    user = Account.by_username(f"{profile}.user")
    dossiers.modify(act(user), dossier, {"street": "Kerkstraat 9", "address_reason": "verhuisd"},
                    dossier.version)  # something to cancel
    page = text(client.get(f"/stts/dossiers/{dossier.id}"))
    for label in buttons:
        assert label in page
    for label in absent:
        assert label not in page
    assert ("Annulatie van een actie" in page) == (profile == "stts3")


def test_a_stop_posted_by_a_commercial_profile_is_refused_and_changes_nothing(client, auth, operator_data):
    auth.login("stts1.user")
    response = client.post(f"/stts/dossiers/{operator_data['dossier']}/stop/tariff",
                           data={"reason": "move", "ended_on": "2030-01-01", "version": "1",
                                 "confirmed": "1"})
    assert response.status_code == 403
    assert "U hebt geen toegang tot deze pagina." in text(response)
    assert Dossier.get_by_id(operator_data["dossier"]).status == Status.ACTIVE


@pytest.mark.parametrize(("role", "profile", "applications"), [
    (Role.USER, None, [STTS]),
    (Role.LOCAL_ADMIN, None, []),
    (Role.USER, "stts3", []),
])
def test_without_a_profile_and_access_no_stts_screen_opens(client, auth, operator_data, role, profile,
                                                           applications):
    operator = Dossier.get_by_id(operator_data["dossier"]).enterprise
    make_account(operator, role=role, username="outsider", stts_profile=profile, applications=applications)
    auth.login("outsider")
    screens = ["/stts/", *[s for group in SCREENS.values() for s in group]]
    for screen in screens:
        assert client.get(screen.format(**operator_data)).status_code == 403, screen


def test_an_officer_cannot_enter_stts(client, auth, operator_data):
    make_account(None, role=Role.OFFICER, username="the.officer")
    auth.login("the.officer", portal="backoffice")
    assert client.get("/stts/dossiers").status_code == 403


def test_visitors_are_sent_to_sign_in(client, operator_data):
    response = client.get("/stts/dossiers")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_local_admin_with_a_profile_enters_with_that_profile(client, auth, app):
    operator = make_enterprise()
    make_account(operator, role=Role.LOCAL_ADMIN, username="admin.stts", stts_profile="stts2")
    auth.login("admin.stts")
    assert client.get("/stts/transfer").status_code == 200
    assert client.get("/stts/tasks").status_code == 403
