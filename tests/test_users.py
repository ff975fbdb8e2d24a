"""'Beheer van gebruikers' through the web: every action, guard and refusal, tenant isolation."""

import re
from datetime import datetime

import pytest

from db.accounts import Account, AccountApplication, Role
from db.applications import STTS
from db.audit import AuditEvent
from domain import audit
from domain.passwords import verify_password
from tests.factories import PASSWORD, act, make_account, make_enterprise
from tests.helpers import form_token, form_values, text


@pytest.fixture
def bucom(app):
    return make_enterprise(name="BUCOM NL", language="nl")


@pytest.fixture
def admin(bucom):
    return make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens", first_name="Els",
                        last_name="Janssens", email="els@bucom.be")


@pytest.fixture
def pieter(bucom):
    return make_account(bucom, username="pieter.desmet", first_name="Pieter", last_name="De Smet",
                        email="pieter@bucom.be", applications=[STTS], stts_profile="stts1")


@pytest.fixture
def other_admin(bucom):
    return make_account(bucom, role=Role.LOCAL_ADMIN, username="tweede.beheerder", first_name="Tom",
                        last_name="Tweede")


@pytest.fixture
def telco_user(app):
    """A user of another enterprise: invisible to BUCOM's admin."""
    telco = make_enterprise(name="TELCO SUD SA")
    make_account(telco, role=Role.LOCAL_ADMIN, username="marie.dubois", language="fr")
    return make_account(telco, username="jean.dupont", first_name="Jean", last_name="Dupont")


@pytest.fixture
def signed_in(client, auth, admin):
    auth.login("els.janssens")
    return client


def events(account, action):
    return AuditEvent.about("account", account.id).where(AuditEvent.action == action)


HTMX = {"HX-Request": "true"}


# -- access -------------------------------------------------------------------------------------

ROUTES = [
    ("get", "/users/"), ("get", "/users/search"), ("get", "/users/export.csv"), ("get", "/users/new"),
    ("get", "/users/{id}"), ("get", "/users/{id}/profile"), ("post", "/users/{id}/profile"),
    ("get", "/users/{id}/national-number"), ("post", "/users/{id}/national-number"),
    ("get", "/users/{id}/password"), ("post", "/users/{id}/password"), ("get", "/users/{id}/password/issued"),
    ("post", "/users/{id}/block"), ("post", "/users/{id}/unblock"), ("post", "/users/{id}/unlock"),
    ("get", "/users/{id}/delete"), ("post", "/users/{id}/delete"),
    ("get", "/users/bulk?action=block&user={id}"), ("post", "/users/bulk?action=block&user={id}"),
]
USER_ROUTES = [(method, url) for method, url in ROUTES if "{id}" in url]


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_visitors_are_sent_to_the_login_page(client, pieter, method, url):
    response = getattr(client, method)(url.format(id=pieter.id))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_users_who_are_not_local_admins_get_403(client, auth, pieter, method, url):
    auth.login("pieter.desmet")
    assert getattr(client, method)(url.format(id=pieter.id)).status_code == 403


@pytest.mark.parametrize(("method", "url"), USER_ROUTES)
def test_another_enterprises_user_is_a_404_everywhere(signed_in, telco_user, method, url):
    form = {"action": "block", "user": telco_user.id, "version": 1, "email": "x@y.be", "language": "nl",
            "national_number": "85073003328"}
    response = getattr(signed_in, method)(url.format(id=telco_user.id), data=form)
    assert response.status_code == 404
    stored = Account.get_by_id(telco_user.id)
    assert not stored.blocked and stored.email != "x@y.be"
    assert not AuditEvent.select().where(AuditEvent.subject_id == telco_user.id).exists()


def test_the_other_enterprises_admin_gets_404_on_our_users(client, auth, pieter, telco_user):
    auth.login("marie.dubois")
    assert client.get(f"/users/{pieter.id}").status_code == 404
    assert client.post(f"/users/{pieter.id}/block").status_code == 404
    assert "Pieter" not in client.get("/users/").text


# -- the list -----------------------------------------------------------------------------------

def test_the_list_has_the_manuals_columns_and_actions(signed_in, pieter):
    page = text(signed_in.get("/users/"))
    for label in ("Beheer van gebruikers", "Voornaam Naam", "Gebruikersnaam", "Profiel", "Wachtwoord",
                  "(De)Blokkeren gebruiker", "Verwijderen gebruiker", "Wijzigen profiel", "Nieuw wachtwoord",
                  "Blokkeren gebruiker", "Nieuwe gebruiker toevoegen", "Terug"):
        assert label in page
    assert '<th scope="col"' in page and '<th scope="row">' in page


def test_the_list_is_sorted_by_name_and_can_be_sorted_by_username(signed_in, bucom, pieter):
    make_account(bucom, username="aaa.zeeman", first_name="Zoë", last_name="Zeeman")
    make_account(bucom, username="zzz.adams", first_name="Ada", last_name="Adams")
    by_name = re.findall(r'id="user-\d+"', signed_in.get("/users/").text)
    by_username = re.findall(r'id="user-\d+"', signed_in.get("/users/?sort=username").text)
    names = [Account.get_by_id(int(i.split("-")[1][:-1])).username for i in by_name]
    usernames = [Account.get_by_id(int(i.split("-")[1][:-1])).username for i in by_username]
    assert names == ["zzz.adams", "pieter.desmet", "els.janssens", "aaa.zeeman"]
    assert usernames == sorted(usernames)


def test_the_list_is_paged_with_the_size_in_the_url(signed_in, bucom):
    for number in range(26):
        make_account(bucom, last_name=f"Zeeman {number:02d}")
    page = text(signed_in.get("/users/?size=25&sort=username"))
    assert page.count('id="user-') == 25
    assert 'href="/users/?size=25&sort=username&page=2" rel="next"' in page
    assert '<option value="25" selected>' in page
    assert text(signed_in.get("/users/?size=25&sort=username&page=2")).count('id="user-') == 2


def test_the_admin_is_not_offered_to_block_delete_or_reset_themselves_or_another_admin(
        signed_in, admin, other_admin, pieter):
    page = signed_in.get("/users/").text
    for account in (admin, other_admin):
        row = re.search(rf'<tr id="user-{account.id}".*?</tr>', page, re.S).group(0)
        assert "Lokale beheerder" in row
        assert "/block" not in row and "/delete" not in row and "/password" not in row
        assert "Wijzigen profiel" in row
    row = re.search(rf'<tr id="user-{pieter.id}".*?</tr>', page, re.S).group(0)
    assert f"/users/{pieter.id}/block" in row and f"/users/{pieter.id}/delete" in row


def test_a_locked_user_is_shown_apart_from_blocked_with_the_brussels_time(signed_in, pieter):
    # 13:05 UTC is 14:05 in Brussels in winter
    Account.update(locked_until=datetime(2099, 1, 15, 13, 5)).where(Account.id == pieter.id).execute()
    page = text(signed_in.get("/users/"))
    assert "Vergrendeld tot 14:05" in page and "Ontgrendelen" in page
    assert '<span class="badge blocked">' not in page


# -- register -----------------------------------------------------------------------------------

NEW_USER = {"first_name": "Élodie", "last_name": "Lambert", "national_number": "92.05.14-123.66",
            "email": "elodie@bucom.be", "language": "fr", "username": "elodie.lambert",
            "repeat_username": "elodie.lambert", "applications": [STTS, "ebox"], "stts_profile": "stts2"}


TAKEN = "Deze gebruikersnaam is al in gebruik."


def register(client, **changes):
    token = form_token(client, "/users/new")
    return client.post("/users/new", data={**NEW_USER, "form_token": token, **changes})


def test_the_form_offers_the_catalogue_and_the_profiles_with_their_functions(signed_in):
    page = text(signed_in.get("/users/new"))
    for label in ("Voornaam", "Naam", "Rijksregisternummer", "E-mailadres", "Taal", "Gebruikersnaam",
                  "Herhaal de gebruikersnaam", "Sociale telefoontarieven (STTS)", "e-Box",
                  "STTS 1: Commercieel profiel", "STTS 3: Uitgebreid administratief profiel",
                  "Consulteren en behandelen van taken voor de operator", "Registreren"):
        assert label in page
    assert 'name="enterprise"' not in page


def test_register_creates_the_user_and_shows_the_one_time_password_once(signed_in, bucom, admin):
    response = register(signed_in)
    account = Account.by_username("elodie.lambert")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/users/{account.id}/password/issued"
    assert (account.enterprise_id, account.national_number) == (bucom.id, "92051412366")
    assert account.language == "fr"
    assert account.must_change_password and account.stts_profile == "stts2"
    page = text(signed_in.get(response.headers["Location"]))
    password = re.search(r'<code class="one-time-password">([A-Z0-9-]+)</code>', page).group(1)
    assert "Élodie Lambert is geregistreerd." in page
    assert verify_password(Account.get_by_id(account.id).password_hash, password)
    # once: not again, not in the URL, not in the audit log
    assert password not in signed_in.get(response.headers["Location"]).text
    assert password not in response.headers["Location"]
    assert password not in AuditEvent.get(AuditEvent.action == "user.created").changes


def test_the_new_user_signs_in_with_the_one_time_password_and_must_change_it(app, signed_in):
    location = register(signed_in).headers["Location"]
    password = re.search(r'one-time-password">([A-Z0-9-]+)<', signed_in.get(location).text).group(1)
    newcomer = app.test_client()
    response = newcomer.post("/login", data={"username": "elodie.lambert", "password": password,
                                             "portal": "enterprise"})
    assert response.status_code == 303
    assert newcomer.get("/welcome/").headers["Location"] == "/account/password"


@pytest.mark.parametrize(("changes", "message"), [
    ({"repeat_username": "elodie.lambrt"}, "De twee gebruikersnamen zijn niet gelijk."),
    ({"username": "els.janssens", "repeat_username": "els.janssens"}, TAKEN),
    ({"username": "jean.dupont", "repeat_username": "jean.dupont"}, TAKEN),
    ({"national_number": "92.05.14-123.67"}, "Dit is geen geldig rijksregisternummer"),
    ({"national_number": "85110315367"}, "Een andere gebruiker van uw onderneming heeft dit"),
    ({"email": "elodie@"}, "Dit is geen geldig e-mailadres."),
    ({"applications": ["ebox"], "stts_profile": "stts1"}, "Een STTS-profiel vereist toegang tot STTS"),
    ({"stts_profile": ""}, "Een gebruiker met toegang tot STTS heeft een STTS-profiel nodig"),
    ({"stts_profile": ["stts1", "stts2"]}, "Kies maar één STTS-profiel"),
    ({"applications": [STTS, "root-access"]}, "Deze toepassing bestaat niet."),
    ({"first_name": ""}, "Geef de voornaam in."),
])
def test_register_refuses_bad_input_keeps_what_was_typed_and_creates_nothing(
        signed_in, bucom, telco_user, changes, message):
    make_account(bucom, username="existing.user", national_number="85110315367")
    before = Account.select().count()
    response = register(signed_in, **changes)
    page = text(response)
    assert response.status_code == 422
    assert message in page
    assert 'value="Lambert"' in page and 'value="elodie@bucom.be"' in page or "email" in changes
    assert Account.select().count() == before
    assert not AuditEvent.select().where(AuditEvent.action == "user.created").exists()


def test_a_refusal_speaks_the_admins_language(client, auth, bucom):
    make_account(bucom, role=Role.LOCAL_ADMIN, username="adm.de", language="de")
    auth.login("adm.de")
    page = text(register(client, repeat_username="other"))
    assert "Die beiden Benutzernamen stimmen nicht überein." in page


def test_a_second_submission_creates_no_duplicate(signed_in):
    register(signed_in)
    response = register(signed_in)
    assert response.status_code == 422
    assert Account.select().where(Account.username == "elodie.lambert").count() == 1


# -- change profile and national number -----------------------------------------------------------

def profile_form(account, **changes):
    return {"version": account.version, "email": "pieter.desmet@bucom.be", "language": "fr",
            "applications": [STTS, "dmfa"], "stts_profile": "stts3", **changes}


def test_change_profile_shows_the_current_data(signed_in, pieter):
    page = text(signed_in.get(f"/users/{pieter.id}/profile"))
    assert "Wijzigen profiel: Pieter De Smet" in page
    assert 'value="pieter@bucom.be"' in page and 'name="version" type="hidden" value="1"' in page
    assert re.search(r'checked[^>]*value="stts1"|value="stts1"[^>]*checked', page)
    assert "pieter.desmet" in page and "Rijksregisternummer verbeteren" in page


def test_change_profile_saves_and_audits(signed_in, pieter):
    response = signed_in.post(f"/users/{pieter.id}/profile", data=profile_form(pieter))
    assert response.status_code == 303 and response.headers["Location"] == f"/users/{pieter.id}"
    stored = Account.get_by_id(pieter.id)
    assert (stored.email, stored.language, stored.stts_profile) == ("pieter.desmet@bucom.be", "fr", "stts3")
    assert [a.code for a in stored.applications()] == [STTS, "dmfa"]
    event = events(pieter, "user.profile_changed").get()
    assert event.change_dict["stts_profile"] == ["stts1", "stts3"]
    page = text(signed_in.get(f"/users/{pieter.id}"))
    assert "Het profiel van Pieter De Smet werd gewijzigd." in page
    assert "Profiel gewijzigd" in page and "STTS 1: Commercieel profiel → STTS 3: Uitgebreid" in page


def test_a_stale_profile_form_is_409_with_the_current_data_and_what_was_typed(signed_in, pieter):
    url = f"/users/{pieter.id}/profile"
    signed_in.post(url, data=profile_form(pieter, email="first@bucom.be"))
    response = signed_in.post(url, data=profile_form(pieter, email="second@bucom.be"))
    page = text(response)
    assert response.status_code == 409
    assert "Deze gegevens werden intussen gewijzigd" in page
    assert 'value="first@bucom.be"' in page and "U typte: second@bucom.be" in page
    assert Account.get_by_id(pieter.id).email == "first@bucom.be"
    # saving the 409 page without looking keeps the other admin's change
    assert signed_in.post(url, data=form_values(response, url)).status_code == 303
    assert Account.get_by_id(pieter.id).email == "first@bucom.be"


def test_posting_the_same_profile_change_twice_changes_once(signed_in, pieter):
    url, form = f"/users/{pieter.id}/profile", profile_form(pieter, email="first@bucom.be")
    assert signed_in.post(url, data=form).status_code == 303
    assert signed_in.post(url, data=form).status_code == 303  # a retry, or a double click without JavaScript
    stored = Account.get_by_id(pieter.id)
    assert (stored.email, stored.version) == ("first@bucom.be", 2)
    assert AuditEvent.about_account(stored).where(AuditEvent.action == "user.profile_changed").count() == 1


def test_a_refused_profile_change_keeps_the_input_and_changes_nothing(signed_in, pieter):
    response = signed_in.post(f"/users/{pieter.id}/profile",
                              data=profile_form(pieter, applications=["dmfa"], email="typed@bucom.be"))
    assert response.status_code == 422
    assert "Een STTS-profiel vereist toegang tot STTS" in text(response)
    assert 'value="typed@bucom.be"' in response.text
    stored = Account.get_by_id(pieter.id)
    assert stored.email == "pieter@bucom.be" and stored.version == 1


def test_a_local_admins_profile_has_no_applications_to_tick(signed_in, other_admin):
    page = text(signed_in.get(f"/users/{other_admin.id}/profile"))
    assert "Een lokale beheerder heeft toegang tot alle toepassingen." in page
    assert 'name="applications"' not in page


def test_correcting_the_national_number_is_audited_apart(signed_in, pieter):
    old = pieter.national_number
    response = signed_in.post(f"/users/{pieter.id}/national-number",
                              data={"version": 1, "national_number": "85.07.30-033.28"})
    assert response.status_code == 303
    assert Account.get_by_id(pieter.id).national_number == "85073003328"
    assert events(pieter, "user.national_number_corrected").get().change_dict == {
        "national_number": [old, "85073003328"]}
    assert "Rijksregisternummer verbeterd" in text(signed_in.get(f"/users/{pieter.id}"))


def test_a_national_number_of_a_colleague_is_refused(signed_in, bucom, pieter):
    colleague = make_account(bucom)
    response = signed_in.post(f"/users/{pieter.id}/national-number",
                              data={"version": 1, "national_number": colleague.national_number})
    assert response.status_code == 422
    assert "Een andere gebruiker van uw onderneming heeft dit rijksregisternummer al." in text(response)


def test_a_stale_correction_is_409(signed_in, pieter):
    Account.update(version=5).where(Account.id == pieter.id).execute()
    response = signed_in.post(f"/users/{pieter.id}/national-number",
                              data={"version": 1, "national_number": "85073003328"})
    assert response.status_code == 409 and 'value="5"' in response.text


# -- new password -------------------------------------------------------------------------------

def new_password(client, account, token=None):
    url = f"/users/{account.id}/password"
    return client.post(url, data={"form_token": token or form_token(client, url)})


def test_new_password_confirms_then_shows_it_once_and_ends_the_users_sessions(app, signed_in, pieter):
    session = app.test_client()
    session.post("/login", data={"username": "pieter.desmet", "password": PASSWORD, "portal": "enterprise"})
    assert session.get("/welcome/").status_code == 200
    assert "Nieuw wachtwoord: Pieter De Smet" in text(signed_in.get(f"/users/{pieter.id}/password"))
    response = new_password(signed_in, pieter)
    assert response.headers["Location"] == f"/users/{pieter.id}/password/issued"
    issued = signed_in.get(response.headers["Location"]).text
    password = re.search(r'one-time-password">([A-Z0-9-]+)<', issued).group(1)
    stored = Account.get_by_id(pieter.id)
    assert verify_password(stored.password_hash, password) and stored.must_change_password
    assert session.get("/welcome/").status_code == 302  # signed out
    assert events(pieter, "user.password_reset").exists()


@pytest.mark.parametrize("who", ["admin", "other_admin"])
def test_no_new_password_for_oneself_or_another_admin(signed_in, request, who):
    account = request.getfixturevalue(who)
    for response in (signed_in.get(f"/users/{account.id}/password"),
                     signed_in.post(f"/users/{account.id}/password", data={"form_token": "x"})):
        assert response.status_code == 403
        assert "hier niet blokkeren, verwijderen of een nieuw wachtwoord geven" in text(response)
    assert verify_password(Account.get_by_id(account.id).password_hash, PASSWORD)


# -- block, unblock, unlock ---------------------------------------------------------------------

def test_block_without_javascript_posts_and_returns_to_the_list(signed_in, pieter):
    response = signed_in.post(f"/users/{pieter.id}/block", data={"next": "/users/search?name=pie"})
    assert response.status_code == 303 and response.headers["Location"] == "/users/search?name=pie"
    page = text(signed_in.get("/users/search?name=pie"))
    assert "Pieter De Smet is geblokkeerd en kan niet meer inloggen." in page
    assert "Deblokkeren gebruiker" in page
    assert Account.get_by_id(pieter.id).blocked
    assert events(pieter, "user.blocked").get().change_dict == {"blocked": [False, True]}


def test_block_never_returns_off_site(signed_in, pieter):
    response = signed_in.post(f"/users/{pieter.id}/block", data={"next": "https://evil.example/"})
    assert response.headers["Location"] == "/users/"


def test_block_with_htmx_answers_the_row_and_a_message_for_the_live_region(signed_in, pieter):
    response = signed_in.post(f"/users/{pieter.id}/block", headers=HTMX, data={"next": "/users/"})
    partial = text(response)
    assert response.status_code == 200
    assert partial.startswith(f'<tr id="user-{pieter.id}" class="blocked">')
    assert "<html" not in partial and "Deblokkeren gebruiker" in partial
    # the button posts the page's one "rows" form to its own address; static/app.js swaps the row
    assert f'<button form="rows" formaction="/users/{pieter.id}/unblock">' in partial
    assert '<hx-partial hx-target="#messages" hx-swap="innerHTML">' in partial
    assert "Pieter De Smet is geblokkeerd en kan niet meer inloggen." in partial
    unblocked = text(signed_in.post(f"/users/{pieter.id}/unblock", headers=HTMX, data={"next": "/users/"}))
    assert "Blokkeren gebruiker" in unblocked and "Pieter De Smet is gedeblokkeerd" in unblocked
    assert not Account.get_by_id(pieter.id).blocked


def test_a_blocked_user_cannot_sign_in_and_their_session_ends_at_once(app, signed_in, pieter):
    session = app.test_client()
    session.post("/login", data={"username": "pieter.desmet", "password": PASSWORD, "portal": "enterprise"})
    signed_in.post(f"/users/{pieter.id}/block")
    assert session.get("/welcome/").status_code == 302
    response = app.test_client().post("/login", data={"username": "pieter.desmet", "password": PASSWORD,
                                                      "portal": "enterprise"})
    assert response.status_code == 403 and "Uw account is geblokkeerd." in text(response)
    signed_in.post(f"/users/{pieter.id}/unblock")
    assert app.test_client().post("/login", data={"username": "pieter.desmet", "password": PASSWORD,
                                                  "portal": "enterprise"}).status_code == 303


@pytest.mark.parametrize("who", ["admin", "other_admin"])
@pytest.mark.parametrize("action", ["block", "unblock"])
def test_no_blocking_oneself_or_another_admin(signed_in, request, who, action):
    account = request.getfixturevalue(who)
    response = signed_in.post(f"/users/{account.id}/{action}")
    assert response.status_code == 403
    assert "lokale beheerder" in text(response) or "eigen account" in text(response)
    assert not Account.get_by_id(account.id).blocked and not AuditEvent.select().exists()


def test_a_refused_htmx_block_says_why_in_the_live_region(signed_in, other_admin):
    response = signed_in.post(f"/users/{other_admin.id}/block", headers=HTMX)
    assert response.status_code == 403 and response.headers["HX-Retarget"] == "#messages"
    assert "een andere lokale beheerder hier niet blokkeren" in text(response)


def test_unlock_lifts_the_lock(signed_in, pieter):
    Account.update(locked_until=datetime(2099, 1, 1)).where(Account.id == pieter.id).execute()
    partial = text(signed_in.post(f"/users/{pieter.id}/unlock", headers=HTMX))
    assert "Vergrendeld tot" not in partial.split("<hx-partial")[0]
    assert "De vergrendeling van Pieter De Smet is opgeheven" in partial
    assert Account.get_by_id(pieter.id).locked_until is None
    assert events(pieter, "user.unlocked").exists()


def test_the_row_actions_post_with_csrf_tokens(app, client, auth, pieter, admin):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"csrf_token": token, "username": "els.janssens", "password": PASSWORD,
                                "portal": "enterprise"})
    page = client.get("/users/").text
    row = re.search(rf'<tr id="user-{pieter.id}".*?</tr>', page, re.S).group(0)
    # the row's buttons post the page's "rows" form (its token sent once per page, not once per row)
    assert f'<button form="rows" formaction="/users/{pieter.id}/block">' in row and "csrf_token" not in row
    rows_form = re.search(r'<form id="rows" method="post"[^>]*>.*?</form>', page, re.S).group(0)
    token = re.search(r'name="csrf_token" value="([^"]+)"', rows_form).group(1)
    assert client.post(f"/users/{pieter.id}/block").status_code == 400
    assert client.post(f"/users/{pieter.id}/block", data={"csrf_token": token}).status_code == 303


# -- delete -------------------------------------------------------------------------------------

def test_the_delete_overview_shows_the_user_and_what_refers_to_them(signed_in, pieter, admin):
    audit.record(act(pieter), "dossier.requested", subject=admin)
    page = text(signed_in.get(f"/users/{pieter.id}/delete"))
    for shown in ("Verwijderen gebruiker: Pieter De Smet", "pieter.desmet", "pieter@bucom.be",
                  "Sociale telefoontarieven (STTS)", "STTS 1: Commercieel profiel",
                  "Handelingen van deze gebruiker in het auditlogboek: 1", "Verwijderen"):
        assert shown in page.replace("<strong>", "").replace("</strong>", "")
    assert Account.get_or_none(Account.id == pieter.id)


def test_the_delete_overview_of_a_user_nothing_refers_to_has_no_empty_heading(signed_in, pieter):
    page = text(signed_in.get(f"/users/{pieter.id}/delete"))
    assert "Verwijderen gebruiker: Pieter De Smet" in page
    assert "Wat naar deze gebruiker verwijst" not in page


def test_delete_removes_the_user_and_keeps_a_record(signed_in, pieter):
    response = signed_in.post(f"/users/{pieter.id}/delete")
    assert response.status_code == 303 and response.headers["Location"] == "/users/"
    assert "Pieter De Smet werd verwijderd." in text(signed_in.get("/users/"))
    assert Account.get_or_none(Account.id == pieter.id) is None
    assert not AccountApplication.select().where(AccountApplication.account == pieter.id).exists()
    record = AuditEvent.get(AuditEvent.action == "user.deleted")
    assert record.subject_name == "Pieter De Smet" and record.actor_name == "Els Janssens (els.janssens)"


@pytest.mark.parametrize("who", ["admin", "other_admin"])
def test_no_deleting_oneself_or_another_admin(signed_in, request, who):
    account = request.getfixturevalue(who)
    assert signed_in.get(f"/users/{account.id}/delete").status_code == 403
    assert signed_in.post(f"/users/{account.id}/delete").status_code == 403
    assert Account.get_or_none(Account.id == account.id)


# -- bulk ---------------------------------------------------------------------------------------

def test_bulk_block_confirms_first_skipping_whom_it_may_not_block(signed_in, bucom, admin, pieter):
    koen = make_account(bucom, first_name="Koen", last_name="Jansen")
    url = f"/users/bulk?action=block&user={pieter.id}&user={koen.id}&user={admin.id}&next=/users/"
    page = text(signed_in.get(url))
    assert "Deze 2 gebruikers worden geblokkeerd:" in page and "Pieter De Smet" in page
    assert "Deze gebruiker wordt overgeslagen:" in page
    assert "Els Janssens (els.janssens): U kan uw eigen" in page
    assert not Account.get_by_id(pieter.id).blocked  # nothing happens before the confirmation
    response = signed_in.post("/users/bulk", data={"action": "block", "user": [pieter.id, koen.id, admin.id],
                                                   "next": "/users/"})
    assert response.status_code == 303
    assert "2 gebruikers geblokkeerd. 1 gebruiker overgeslagen." in text(signed_in.get("/users/"))
    assert Account.get_by_id(pieter.id).blocked and Account.get_by_id(koen.id).blocked
    assert not Account.get_by_id(admin.id).blocked


def test_bulk_without_a_selection_says_so(signed_in):
    response = signed_in.get("/users/bulk?action=unblock")
    assert response.status_code == 422
    assert "Selecteer eerst minstens één gebruiker in de lijst." in text(response)


def test_bulk_with_another_enterprises_user_is_404_and_changes_nothing(signed_in, pieter, telco_user):
    response = signed_in.post("/users/bulk", data={"action": "block", "user": [pieter.id, telco_user.id]})
    assert response.status_code == 404
    assert not Account.get_by_id(pieter.id).blocked


# -- history ------------------------------------------------------------------------------------

def test_the_history_says_who_did_what_when_with_old_and_new_values(signed_in, pieter):
    signed_in.post(f"/users/{pieter.id}/block")
    signed_in.post(f"/users/{pieter.id}/unblock")
    page = text(signed_in.get(f"/users/{pieter.id}"))
    assert "Historiek" in page
    assert page.index("Gebruiker gedeblokkeerd") < page.index("Gebruiker geblokkeerd")  # newest first
    assert "Els Janssens (els.janssens)" in page and "Geblokkeerd: Nee → Ja" in page


def test_the_history_speaks_french(client, auth, bucom, pieter):
    make_account(bucom, role=Role.LOCAL_ADMIN, username="marie.dubois", first_name="Marie",
                 last_name="Dubois", language="fr")
    auth.login("marie.dubois")
    client.post(f"/users/{pieter.id}/block")
    page = text(client.get(f"/users/{pieter.id}"))
    assert "Historique" in page and "Utilisateur bloqué" in page and "Bloqué\u00a0: Non → Oui" in page


def test_a_long_history_is_paged(signed_in, pieter, admin):
    for number in range(30):
        audit.record(act(admin), "user.profile_changed", subject=pieter, changes={"email": [number, 0]})
    page = text(signed_in.get(f"/users/{pieter.id}"))
    assert page.count("Profiel gewijzigd") == 25
    assert f'href="/users/{pieter.id}?page=2" rel="next"' in page
    assert text(signed_in.get(f"/users/{pieter.id}?page=2")).count("Profiel gewijzigd") == 5


def test_a_new_user_never_shows_the_history_of_a_deleted_user_who_had_its_id(signed_in, bucom, pieter):
    signed_in.post(f"/users/{pieter.id}/block")
    signed_in.post(f"/users/{pieter.id}/delete")
    # SQLite hands a deleted row's id out again; here it is given out on purpose, in another enterprise
    newcomer = make_account(make_enterprise(), id=pieter.id, first_name="Nieuwe", last_name="Collega")
    newcomer_admin = make_account(newcomer.enterprise, role=Role.LOCAL_ADMIN, username="other.admin")
    signed_in.post("/logout")
    signed_in.post("/login", data={"username": newcomer_admin.username, "password": PASSWORD,
                                   "portal": "enterprise"})
    page = text(signed_in.get(f"/users/{newcomer.id}"))
    assert "Nieuwe Collega" in page
    assert "Gebruiker geblokkeerd" not in page and "Gebruiker verwijderd" not in page
    assert pieter.national_number not in page


def test_a_profile_form_without_its_version_is_stale_and_says_so(signed_in, pieter):
    response = signed_in.post(f"/users/{pieter.id}/profile",
                              data={"email": "nieuw@bucom.be", "language": "nl"})
    assert response.status_code == 409
    assert "Deze gegevens werden intussen gewijzigd" in text(response)
    assert Account.get_by_id(pieter.id).email != "nieuw@bucom.be"
