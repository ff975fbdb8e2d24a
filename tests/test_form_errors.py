"""Form errors a person can find and fix: each error next to its field and tied to it
(aria-describedby, aria-invalid), a summary linking to the fields when two or more are wrong,
required fields marked in words, and spaces alone taken as nothing typed, on every form."""

import importlib
import inspect
import pkgutil
import re

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

import blueprints
from db.accounts import Role
from tests.factories import make_account, make_enterprise
from tests.helpers import text
from web.forms import Required


def every_form_class():
    """Every FlaskForm of every blueprint's forms module."""
    found = {}
    for module_info in pkgutil.iter_modules(blueprints.__path__):
        try:
            module = importlib.import_module(f"blueprints.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, value in vars(module).items():
            if (inspect.isclass(value) and issubclass(value, FlaskForm) and value is not FlaskForm
                    and value.__module__ == module.__name__):
                found[f"{module_info.name}.{name}"] = value
    return found


FORMS = every_form_class()


def required_fields(form):
    return [field for field in form if any(isinstance(rule, Required) for rule in field.validators)]


def test_every_form_uses_the_one_required_rule():
    """WTForms' own InputRequired takes spaces as an answer: no form uses it."""
    from wtforms.validators import InputRequired

    for name, form_class in FORMS.items():
        source = inspect.getsource(inspect.getmodule(form_class))
        assert not re.search(r"\bInputRequired\(", source), name
        assert InputRequired is not None


@pytest.mark.parametrize("name", sorted(FORMS))
def test_spaces_alone_are_nothing_typed_with_the_fields_message(app, name):
    form_class = FORMS[name]
    with app.test_request_context("/", method="POST"):
        try:
            blank = form_class(formdata=MultiDict(), meta={"csrf": False})
        except TypeError:
            pytest.skip("a form built with arguments")
        fields = [field for field in required_fields(blank) if field.type not in ("FileField",)]
        if not fields:
            pytest.skip("no required field typed in")
        spaces = MultiDict([(field.name, "   ") for field in fields])
        form = form_class(formdata=spaces, meta={"csrf": False})
        try:
            form.validate()
        except TypeError:
            pytest.skip("a form whose choices its view gives")
        for field in required_fields(form):
            if field.type == "FileField":
                continue
            rule = next(rule for rule in field.validators if isinstance(rule, Required))
            assert field.errors and field.errors[0] == str(rule.message), (field.name, field.errors)


def test_required_fields_say_so_in_words_on_the_login_page(client):
    page = text(client.get("/login"))
    assert ('<div class="label-line"><label for="username">Gebruikersnaam</label> '
            '<span class="required" aria-hidden="true">(verplicht)</span></div>') in page
    assert re.search(r'<input[^>]* id="username"[^>]* required', page)
    assert ('<legend>Aanmelden als <span class="required" aria-hidden="true">(verplicht)</span>'
            '</legend>') in page


def test_two_errors_get_a_summary_linking_to_the_fields(client):
    response = client.post("/login", data={"portal": "enterprise", "username": "  ", "password": ""})
    assert response.status_code == 422
    page = text(response)
    summary = re.search(r'<div class="error-summary" id="error-summary" tabindex="-1" autofocus'
                        r' aria-labelledby="error-summary-title">(.*?)</div>', page, re.S)
    assert summary, page
    assert "Verbeter deze 2 fouten:" in summary.group(1)
    assert '<a href="#username">Gebruikersnaam: Geef uw gebruikersnaam in.</a>' in summary.group(1)
    assert '<a href="#password">Wachtwoord: Geef uw wachtwoord in.</a>' in summary.group(1)
    # and next to each field, tied to it
    assert re.search(r'<input aria-describedby="username-error" aria-invalid="true"[^>]* id="username"', page)
    assert '<p class="error" id="username-error">Geef uw gebruikersnaam in.</p>' in page
    # the summary comes first: the browser focuses the first autofocus of the page
    assert page.index('id="error-summary"') < page.index('id="username"')


def test_one_error_has_no_summary_but_its_field_takes_the_focus(client):
    page = text(client.post("/login", data={"portal": "enterprise", "username": "els", "password": " "}))
    assert "error-summary" not in page
    assert re.search(r'<input[^>]* autofocus[^>]* id="password"', page)


def test_a_group_of_options_is_tied_to_its_error(client, auth, app):
    make_account(role=Role.OFFICER, username="rsz.officer", first_name="Luc", last_name="Maes")
    page = text(client.post("/login", data={"portal": "nowhere", "username": "x", "password": "y"}))
    assert re.search(r'<input aria-describedby="portal-error" aria-invalid="true"[^>]* id="portal-0"', page)


def test_the_summary_links_a_group_by_its_first_option(app):
    from web.templating import error_summary

    with app.test_request_context("/", method="POST"):
        from blueprints.auth.forms import LoginForm

        form = LoginForm(formdata=MultiDict({"portal": "nowhere"}), meta={"csrf": False})
        form.validate()
        assert [target for target, _, _ in error_summary(form)] == ["portal-0", "username", "password"]


def test_whitespace_in_a_wizard_and_a_user_form_is_refused_at_the_field(client, auth, app):
    bucom = make_enterprise(name="BUCOM NL")
    make_account(bucom, role=Role.LOCAL_ADMIN, username="els.janssens")
    auth.login("els.janssens")
    response = client.post("/users/new", data={"first_name": " ", "last_name": "  ", "username": " ",
                                               "email": " "})
    assert response.status_code == 422
    page = text(response)
    assert 'class="error-summary"' in page
    assert page.count('aria-invalid="true"') >= 3
