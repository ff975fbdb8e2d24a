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
from wtforms.validators import Email, EqualTo, Length, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from db.applications import Application
from db.text import normalize_username
from domain import free_text, users
from domain.languages import UNAVAILABLE as UNAVAILABLE_LANGUAGE
from domain.profiles import Profile
from web.forms import Required, Rule, posted_or_filled, row_id, version_number
from web.i18n import LANGUAGE_NAMES, LANGUAGES, current_language
from web.idempotency import OnceForm


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


class AccessForm(FlaskForm):
    """What 'Registreren' and 'Wijzigen profiel' share: contact, language, applications, profile."""

    email = EmailField(
        _l("E-mail address"),
        validators=[Required(_l("Enter an e-mail address.")), Length(max=254),
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
        choices=[SelectChoice("", _l("No STTS profile")),
                 *(SelectChoice(*pair) for pair in Profile.choices())],
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
            Rule(users.check_profile, application_codes=lambda form: form.applications.data or [],
                 local_admin=lambda form: form.local_admin)(self, field)

    def access_data(self):
        """The fields as keyword arguments of domain.users.create_user / change_profile."""
        return {"email": self.email.data, "language": self.language.data,
                "applications": self.applications.data or [], "stts_profile": self.stts_profile.data}


ONE_TIME_PASSWORD = "password"
INVITATION = "invitation"


class CreateUserForm(AccessForm, OnceForm):
    """'Nieuwe gebruiker toevoegen'. The enterprise is the admin's own, never a field."""

    first_name = StringField(_l("First name"), validators=[
        Required(_l("Enter the first name.")), Length(max=100), Rule(free_text.single_line)],
        render_kw={"autocomplete": "off"})
    last_name = StringField(_l("Last name"), validators=[
        Required(_l("Enter the last name.")), Length(max=100), Rule(free_text.single_line)],
        render_kw={"autocomplete": "off"})
    national_number = StringField(
        _l("National register number"),
        validators=[Required(_l("Enter the national register number.")), Length(max=20),
                    Rule(users.check_national_number_free, enterprise=lambda form: form.enterprise)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    username = StringField(
        _l("Username"),
        validators=[Required(_l("Choose a username.")), Length(max=50), Rule(users.check_new_username)],
        filters=[normalize_username],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    repeat_username = StringField(
        _l("Repeat the username"),
        validators=[Required(_l("Repeat the username.")),
                    EqualTo("username", _l("The two usernames are not the same."))],
        filters=[normalize_username],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    # how the user gets a password: the manual's one-time password shown here, or an e-mailed
    # invitation to choose their own (domain.invitations)
    delivery = RadioField(
        _l("Password"),
        choices=[SelectChoice(ONE_TIME_PASSWORD, _l("Show me a one-time password to hand over")),
                 SelectChoice(INVITATION,
                              _l("Send an invitation by e-mail: the user chooses their own password"))],
        # not given (an older form, a script): the manual's one-time password
        default=ONE_TIME_PASSWORD, validate_choice=False)
    # a national number is unique within this enterprise (see for_enterprise)
    enterprise = None

    @classmethod
    def for_enterprise(cls, enterprise):
        """The form as posted, or empty with the enterprise's language, for a user of `enterprise`."""
        form = cls()
        form.enterprise = enterprise
        if not form.is_submitted():
            form.language.data = enterprise.language
        return form

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

    @classmethod
    def of(cls, account, stored=False):
        """The form as posted, or (to start, or `stored` after a conflict) filled from the account."""
        form = posted_or_filled(cls, {
            "email": account.email, "language": account.language, "stts_profile": account.stts_profile or "",
            "applications": users.application_codes(account), "version": account.version}, stored)
        form.local_admin = account.is_local_admin
        return form

    def profile_data(self):
        """The keyword arguments of domain.users.change_profile."""
        return {"version": self.version.data, **self.access_data()}


class NationalNumberForm(VersionedForm):
    """The explicit correction of a national register number."""

    national_number = StringField(
        _l("Correct national register number"),
        validators=[Required(_l("Enter the national register number.")), Length(max=20),
                    Rule(users.check_national_number_free, enterprise=lambda form: form.account.enterprise,
                         account=lambda form: form.account)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    # the account being corrected (see `of`)
    account = None

    @classmethod
    def of(cls, account, stored=False):
        """The correction as posted, or empty at the account's current version."""
        form = posted_or_filled(cls, {"version": account.version}, stored)
        form.account = account
        return form


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
    inactive = BooleanField(_l("Blocked as inactive only"))
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
            complementary=self.complementary.data, inactive=self.inactive.data,
        )


BLOCK, UNBLOCK = "block", "unblock"


class BulkForm(FlaskForm):
    """Block or unblock the users ticked in the list (a GET shows the confirmation first)."""

    action = HiddenField()
    user = SelectMultipleField(coerce=row_id, validate_choice=False)
    next = HiddenField()
