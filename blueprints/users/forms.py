"""The forms of user management: register, change profile, correct a national number, search, bulk."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Email, EqualTo, InputRequired, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from db.applications import Application
from db.text import normalize_username
from domain import users
from domain.languages import UNAVAILABLE as UNAVAILABLE_LANGUAGE
from domain.profiles import PROFILE_NAMES, PROFILES
from web.form_helpers import version_number
from web.forms import NationalNumber, username_format
from web.i18n import LANGUAGE_NAMES, LANGUAGES, current_language


class CheckboxesField(SelectMultipleField):
    """One check box per choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OneChoiceField(RadioField):
    """Radio buttons that also refuse a forged answer carrying two values."""

    answers = ()

    def process_formdata(self, valuelist):
        self.answers = valuelist
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        if len(self.answers) > 1:
            raise ValidationError(_l("Choose only one STTS profile."))


def application_choices():
    """The catalogue's applications, named in the page's language."""
    language = current_language()
    return [SelectChoice(a.code, a.name(language)) for a in Application.catalogue()]


def _rule(problem):
    """A domain rule's answer (a message or None) as a form validation error."""
    if problem:
        raise ValidationError(str(problem))


class AccessForm(FlaskForm):
    """What 'Registreren' and 'Wijzigen profiel' share: contact, language, applications, profile."""

    email = EmailField(
        _l("E-mail address"),
        validators=[InputRequired(_l("Enter an e-mail address.")), Length(max=254),
                    Email(_l("This is not a valid e-mail address."))],
        render_kw={"autocomplete": "off"},
    )
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        invalid_choice_message=UNAVAILABLE_LANGUAGE,
    )
    applications = CheckboxesField(_l("Applications this user may use"),
                                   invalid_choice_message=users.UNKNOWN_APPLICATION)
    stts_profile = OneChoiceField(
        _l("STTS profile"),
        choices=[SelectChoice("", _l("No STTS profile"))]
        + [SelectChoice(p, PROFILE_NAMES[p]) for p in PROFILES],
        default="",
        validate_choice=False,
    )
    # set by the view when the account is a local admin: they may use every application
    local_admin = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications.choices = application_choices()

    def validate_stts_profile(self, field):
        if not self.applications.errors:
            _rule(users.profile_problem(field.data, self.applications.data or [], self.local_admin))

    def access_data(self):
        """The fields as keyword arguments of domain.users.create_user / change_profile."""
        return {"email": self.email.data, "language": self.language.data,
                "applications": self.applications.data or [], "stts_profile": self.stts_profile.data}


class CreateUserForm(AccessForm):
    """'Nieuwe gebruiker toevoegen'. The enterprise is the admin's own, never a field."""

    first_name = StringField(_l("First name"), validators=[
        InputRequired(_l("Enter the first name.")), Length(max=100)], render_kw={"autocomplete": "off"})
    last_name = StringField(_l("Last name"), validators=[
        InputRequired(_l("Enter the last name.")), Length(max=100)], render_kw={"autocomplete": "off"})
    national_number = StringField(
        _l("National register number"),
        validators=[InputRequired(_l("Enter the national register number.")), Length(max=20),
                    NationalNumber()],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    username = StringField(
        _l("Username"),
        validators=[InputRequired(_l("Choose a username.")), Length(max=50), username_format],
        filters=[normalize_username],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    repeat_username = StringField(
        _l("Repeat the username"),
        validators=[InputRequired(_l("Repeat the username.")),
                    EqualTo("username", _l("The two usernames are not the same."))],
        filters=[normalize_username],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    # set by the view: a national number is unique within this enterprise
    enterprise = None

    def validate_username(self, field):
        if not field.errors:
            _rule(users.username_problem(field.data))

    def validate_national_number(self, field):
        if not field.errors:
            _rule(users.national_number_problem(self.enterprise, field.data))

    def user_data(self):
        """The fields as keyword arguments of domain.users.create_user."""
        return {"first_name": self.first_name.data, "last_name": self.last_name.data,
                "national_number": self.national_number.data, "username": self.username.data,
                **self.access_data()}


class VersionedForm(FlaskForm):
    """A form about an account that knows which version of it the admin saw (no lost updates)."""

    # missing or garbled counts as stale: a 409 that says so, not an error on a hidden field
    version = HiddenField(filters=[version_number])


class ProfileForm(VersionedForm, AccessForm):
    """'Wijzigen profiel': contact, language, applications and STTS profile."""


class NationalNumberForm(VersionedForm):
    """The explicit correction of a national register number."""

    national_number = StringField(
        _l("Correct national register number"),
        validators=[InputRequired(_l("Enter the national register number.")), Length(max=20),
                    NationalNumber()],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class SearchForm(FlaskForm):
    """'Opzoeking van gebruikers': a GET form, so the URL holds the search (bookmarks, Back)."""

    class Meta:
        csrf = False

    name = SearchField(_l("Name or first name"), validators=[Length(max=100)],
                       render_kw={"autocomplete": "off", "spellcheck": "false"})
    national_number = SearchField(
        _l("National register number"),
        validators=[Length(max=20), Regexp(r"^[0-9 ./-]*$", message=_l(
            "Type the national register number with digits only (dots, dashes and spaces may stay)."))],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    blocked = BooleanField(_l("Blocked users only"))
    applications = CheckboxesField(_l("Applications they have access to"),
                                   invalid_choice_message=users.UNKNOWN_APPLICATION)
    complementary = BooleanField(_l("Complementary search"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications.choices = application_choices()

    def criteria(self):
        """The search as domain.users.UserCriteria."""
        return users.UserCriteria(
            name=self.name.data or "", national_number=self.national_number.data or "",
            blocked=self.blocked.data, applications=tuple(self.applications.data or ()),
            complementary=self.complementary.data,
        )


BLOCK, UNBLOCK = "block", "unblock"


class BulkForm(FlaskForm):
    """Block or unblock the users ticked in the list (a GET shows the confirmation first)."""

    action = HiddenField()
    user = SelectMultipleField(coerce=int, validate_choice=False)
    next = HiddenField()
