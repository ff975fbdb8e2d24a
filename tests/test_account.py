"""'Beheer eigen gegevens': 'Wijzig wachtwoord' (and the forced change after a one-time password),
'Consulteren of wijzigen van overige gegevens'."""

import pytest

from db.accounts import Account, Role
from db.audit import AuditEvent
from db.enterprises import Enterprise
from domain.own_data import change_own_data
from domain.passwords import verify_password
from domain.refusals import Refused
from tests.factories import PASSWORD, act, make_account, make_enterprise
from tests.helpers import form_values, text

NEW_PASSWORD = "Zeven-Blauwe-Olifanten-2026"


@pytest.fixture
def admin(app):
    return make_account(make_enterprise(email="info@bucom.example"), role=Role.LOCAL_ADMIN,
                        username="els.janssens", first_name="Els", last_name="Janssens",
                        email="els.janssens@bucom.example")


def change(client, current=PASSWORD, new=NEW_PASSWORD, repeat=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "repeat_password": repeat or new})


def test_change_password(client, auth, admin):
    auth.login("els.janssens")
    response = change(client)
    assert response.status_code == 303
    assert verify_password(Account.get_by_id(admin.id).password_hash, NEW_PASSWORD)
    assert "Uw wachtwoord werd gewijzigd." in client.get(response.headers["Location"]).text
    events = AuditEvent.about("account", admin.id)
    assert events.where(AuditEvent.action == "account.password_changed").exists()


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(app, client, auth, admin):
    other = app.test_client()
    other.post("/login", data={"username": "els.janssens", "password": PASSWORD, "portal": "enterprise"})
    auth.login("els.janssens")
    change(client)
    assert client.get("/welcome/").status_code == 200
    assert other.get("/welcome/").status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "repeat", "message"),
    [
        ("wrong-password", NEW_PASSWORD, NEW_PASSWORD, "Dit is niet uw huidig wachtwoord."),
        (PASSWORD, "kort", "kort", "minstens 12 tekens"),
        (PASSWORD, "password1234", "password1234", "lijst van veelgebruikte wachtwoorden"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "De twee wachtwoorden zijn niet gelijk."),
        (PASSWORD, "Janssens1234", "Janssens1234", "mag uw naam, uw gebruikersnaam"),
        (PASSWORD, "Aaaaaaaaaaaa1", "Aaaaaaaaaaaa1", "te gemakkelijk te raden"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(client, auth, admin, current, new, repeat, message):
    auth.login("els.janssens")
    response = change(client, current, new, repeat)
    assert response.status_code == 422
    assert message in text(response)
    assert verify_password(Account.get_by_id(admin.id).password_hash, PASSWORD)


def test_a_one_time_password_leads_to_the_change_first(client, auth, admin):
    Account.update(must_change_password=True).where(Account.id == admin.id).execute()
    auth.login("els.janssens")
    response = client.get("/welcome/")
    assert response.headers["Location"] == "/account/password"
    assert "eenmalig wachtwoord" in client.get("/account/password").text
    change(client)
    assert client.get("/welcome/").status_code == 200
    assert not Account.get_by_id(admin.id).must_change_password


def test_signing_out_stays_possible_before_the_change(client, auth, admin):
    Account.update(must_change_password=True).where(Account.id == admin.id).execute()
    auth.login("els.janssens")
    assert auth.logout().status_code == 303


# -- 'Consulteren of wijzigen van overige gegevens' ------------------------------------------------------


def own_data(client, account, **changes):
    """Post the form as the page shows it for `account`, with `changes` typed in."""
    stored = Account.get_by_id(account.id)
    data = {"email": stored.email, "language": stored.language, "account_version": stored.version}
    if stored.is_local_admin:
        data.update(enterprise_email=stored.enterprise.email, enterprise_version=stored.enterprise.version)
    return client.post("/account/details", data={**data, **changes})


def test_the_page_shows_the_data_and_the_manuals_title(client, auth, admin):
    auth.login("els.janssens")
    page = text(client.get("/account/details"))
    assert "<h1>Consulteren of wijzigen van overige gegevens</h1>" in page
    assert admin.email in page
    assert 'name="enterprise_email"' in page
    assert '<option selected value="nl">Nederlands</option>' in page


def test_a_plain_user_changes_only_their_own_data(client, auth, admin):
    make_account(admin.enterprise, username="plain.user", email="plain.user@bucom.example")
    auth.login("plain.user")
    page = text(client.get("/account/details"))
    assert 'name="enterprise_email"' not in page
    user = Account.by_username("plain.user")
    response = own_data(client, user, email="plain@example.be", enterprise_email="taken@example.be")
    assert response.status_code == 303
    assert Account.get_by_id(user.id).email == "plain@example.be"
    assert Enterprise.get_by_id(admin.enterprise_id).email != "taken@example.be"


def test_changing_both_addresses_keeps_them_and_audits_each(client, auth, admin):
    auth.login("els.janssens")
    old_email = admin.email
    response = own_data(client, admin, email="els@bucom.be", enterprise_email="info@bucom.be")
    assert response.status_code == 303
    assert "Uw gegevens werden opgeslagen." in text(client.get(response.headers["Location"]))
    account, enterprise = Account.get_by_id(admin.id), Enterprise.get_by_id(admin.enterprise_id)
    assert (account.email, account.version) == ("els@bucom.be", admin.version + 1)
    assert (enterprise.email, enterprise.version) == ("info@bucom.be", 2)
    actions = {e.action: e.change_dict for e in AuditEvent.of_enterprise(enterprise)}
    assert actions["account.email_changed"] == {"email": [old_email, "els@bucom.be"]}
    assert actions["enterprise.email_changed"] == {"email": ["info@bucom.example", "info@bucom.be"]}


def test_a_new_language_applies_at_once(client, auth, admin):
    auth.login("els.janssens")
    response = own_data(client, admin, language="de")
    page = text(client.get(response.headers["Location"]))
    assert '<html lang="de">' in page
    assert "Ihre Daten wurden gespeichert." in page
    assert "<h1>Sonstige Daten einsehen oder ändern</h1>" in page
    assert Account.get_by_id(admin.id).language == "de"
    events = AuditEvent.about("account", admin.id)
    assert events.where(AuditEvent.action == "account.language_changed").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "els.bucom.be"}, "Dit is geen geldig e-mailadres"),
        ({"email": "els@"}, "Dit is geen geldig e-mailadres"),
        ({"email": ""}, "Geef uw e-mailadres in."),
        ({"enterprise_email": "info at bucom"}, "Dit is geen geldig e-mailadres"),
        ({"language": "en"}, "Deze taal is niet beschikbaar. Kies nl, fr of de."),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(client, auth, admin, changes, message):
    auth.login("els.janssens")
    response = own_data(client, admin, **changes)
    assert response.status_code == 422
    page = text(response)
    assert message in page
    assert 'aria-invalid="true"' in page
    stored = Account.get_by_id(admin.id)
    assert (stored.email, stored.language, stored.version) == (admin.email, "nl", admin.version)
    assert not AuditEvent.of_enterprise(admin.enterprise).exists()


def test_a_malformed_address_is_refused_in_french_for_a_french_speaker(client, auth, admin):
    Account.update(language="fr").where(Account.id == admin.id).execute()
    auth.login("els.janssens")
    page = text(own_data(client, admin, email="pas-une-adresse"))
    assert "Ceci n'est pas une adresse e-mail valable" in page


def test_a_stale_form_does_not_overwrite_a_newer_change(app, client, auth, admin):
    auth.login("els.janssens")
    form_version = admin.version
    newer = Account.update(email="newer@bucom.be", version=Account.version + 1)
    newer.where(Account.id == admin.id).execute()
    response = client.post("/account/details", data={
        "email": "stale@bucom.be", "language": "nl", "account_version": form_version,
        "enterprise_email": "info@bucom.be", "enterprise_version": 1})
    assert response.status_code == 409
    page = text(response)
    assert "Deze gegevens werden intussen gewijzigd" in page
    assert 'value="newer@bucom.be"' in page  # what is stored now, in the field
    assert "U typte: stale@bucom.be" in page  # what was typed, beside it
    assert Account.get_by_id(admin.id).email == "newer@bucom.be"
    assert Enterprise.get_by_id(admin.enterprise_id).email == "info@bucom.example"  # all or nothing
    # saving the page again without looking never reverts the newer change
    assert client.post("/account/details", data=form_values(response, None)).status_code == 303
    assert Account.get_by_id(admin.id).email == "newer@bucom.be"


def test_a_stale_enterprise_version_keeps_the_own_email_too(client, auth, admin):
    auth.login("els.janssens")
    Enterprise.update(version=Enterprise.version + 1).where(Enterprise.id == admin.enterprise_id).execute()
    response = own_data(client, admin, email="els@bucom.be", enterprise_email="info@bucom.be",
                        enterprise_version=1)
    assert response.status_code == 409
    assert Account.get_by_id(admin.id).email == admin.email


def test_a_tampered_version_counts_as_stale(client, auth, admin):
    auth.login("els.janssens")
    assert own_data(client, admin, email="els@bucom.be", account_version="abc").status_code == 409


def test_posting_the_same_form_twice_changes_once(client, auth, admin):
    auth.login("els.janssens")
    data = {"email": "els@bucom.be", "language": "nl", "account_version": admin.version,
            "enterprise_email": "info@bucom.be", "enterprise_version": 1}
    client.post("/account/details", data=data)
    again = client.post("/account/details", data=data)
    assert again.status_code == 303
    assert "Er werd niets gewijzigd." in text(client.get(again.headers["Location"]))
    assert AuditEvent.of_enterprise(admin.enterprise).count() == 2


def test_the_domain_refuses_the_enterprise_email_to_a_plain_user(app, admin):
    user = make_account(admin.enterprise)
    with pytest.raises(Refused):
        change_own_data(act(user), email=user.email, language="nl", account_version=user.version,
                        enterprise_email="x@example.be", enterprise_version=1)


def test_visitors_are_sent_to_sign_in(client):
    assert client.get("/account/details").status_code == 302


def test_the_domain_checks_the_addresses_too(app, admin):
    with pytest.raises(Refused) as refusal:
        change_own_data(act(admin), email=admin.email, language="nl", account_version=admin.version,
                        enterprise_email="not an address", enterprise_version=1)
    assert refusal.value.field == "enterprise_email"


def test_changing_the_password_raises_the_accounts_version(client, auth, admin):
    auth.login("els.janssens")
    change(client)
    assert Account.get_by_id(admin.id).version == admin.version + 1


def test_changing_the_language_raises_the_accounts_version(client, auth, admin):
    auth.login("els.janssens")
    client.post("/language", data={"lang": "fr"})
    assert Account.get_by_id(admin.id).version == admin.version + 1
