"""The access request's steps, the ticket lookup and 'Maak een lokale beheerder'."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice, StringField, TelField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    EqualTo,
    Length,
    Optional,
    StopValidation,
)

from db.access_requests import Capacity
from db.text import normalize_username
from domain import free_text, onboarding
from domain.phones import phone_number
from domain.users import check_new_username
from web.forms import EnterpriseNumber, NationalNumber, Required, RszNumber, Rule, StrongPassword, strip

YES, NO = "yes", "no"


def _capacities(codes):
    return [SelectChoice(code, Capacity(code).label) for code in codes]


def _yes_no():
    return [SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))]


def _name(label, message):
    return StringField(label, filters=[strip], validators=[Required(message), Length(max=100),
                                                           Rule(free_text.single_line)],
                       render_kw={"autocomplete": "off"})


def _email(label=None):
    return EmailField(label or _l("E-mail address"), filters=[strip], validators=[
        Required(_l("Enter an e-mail address.")), Length(max=254),
        Email(_l("This is not a valid e-mail address.")),
    ])


def _phone():
    return TelField(_l("Phone number"), filters=[strip],
                    validators=[Optional(), Length(max=32), Rule(phone_number)])


class EnterpriseStep(FlaskForm):
    """Step 1, 'Uw onderneming': the RSZ number or the KBO number (one is enough) and the name."""

    rsz_number = StringField(_l("RSZ identification number"), filters=[strip], validators=[RszNumber()])
    kbo_number = StringField(_l("Enterprise number (KBO number)"), filters=[strip],
                             validators=[EnterpriseNumber()])
    enterprise_name = StringField(_l("Name of the enterprise"), filters=[strip], validators=[
        # DataRequired: a name of spaces only is empty
        DataRequired(_l("Enter the name of the enterprise.")), Length(max=200), Rule(free_text.single_line)])
    # the postal address, where the back office sends the letter with the provisional credentials
    street = StringField(_l("Street and number"), filters=[strip], validators=[
        DataRequired(onboarding.POSTAL_ADDRESS_MISSING["street"]), Length(max=200),
        Rule(free_text.single_line)], render_kw={"autocomplete": "address-line1"})
    postcode = StringField(_l("Postcode"), filters=[strip], validators=[
        DataRequired(onboarding.POSTAL_ADDRESS_MISSING["postcode"]), Rule(onboarding.check_postcode)],
        render_kw={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 4})
    city = StringField(_l("Municipality"), filters=[strip], validators=[
        DataRequired(onboarding.POSTAL_ADDRESS_MISSING["city"]), Length(max=100),
        Rule(free_text.single_line)], render_kw={"autocomplete": "address-level2"})
    rsz_local_admin = BooleanField(_l("local administrator"), validators=[
        Required(_l("Tick 'local administrator': this form asks for a local administrator."))])

    def validate_rsz_number(self, field):
        if not (field.data or self.kbo_number.data):
            raise StopValidation(str(onboarding.NO_ENTERPRISE_NUMBER))
        if not field.errors:
            Rule(onboarding.check_no_pending_request, kind="rsz_number")(self, field)

    def validate_kbo_number(self, field):
        if field.data and self.rsz_number.data and not self.rsz_number.errors:
            Rule(onboarding.check_same_enterprise, rsz_number=self.rsz_number.data)(self, field)
        if not field.errors:
            Rule(onboarding.check_no_pending_request, kind="kbo_number")(self, field)


class ReplaceStep(FlaskForm):
    """For an enterprise with a local admin: 'Wilt u uw huidige lokale beheerder vervangen?'."""

    replaces_local_admin = RadioField(
        _l("Do you want to replace your current local administrator?"), choices=_yes_no(),
        validate_choice=False, validators=[Required(_l("Answer yes or no.")), AnyOf((YES, NO))])


class LocalAdminStep(FlaskForm):
    """Step 2, 'Uw lokale beheerder'."""

    admin_last_name = _name(_l("Last name"), _l("Enter the last name."))
    admin_first_name = _name(_l("First name"), _l("Enter the first name."))
    admin_national_number = StringField(_l("National register number"), filters=[strip], validators=[
        Required(_l("Enter the national register number.")), NationalNumber()])
    admin_capacity = RadioField(
        _l("Capacity"), choices=_capacities(Capacity), validate_choice=False,
        validators=[Required(_l("Choose the capacity.")),
                    AnyOf(Capacity.codes(), _l("Choose one of the capacities listed."))])
    admin_email = _email()
    admin_phone = _phone()


class SignerStep(FlaskForm):
    """Step 3, the responsible who signs: a director, manager or partner."""

    signer_last_name = _name(_l("Last name"), _l("Enter the last name."))
    signer_first_name = _name(_l("First name"), _l("Enter the first name."))
    signer_national_number = StringField(_l("National register number"), filters=[strip], validators=[
        Required(_l("Enter the national register number.")), NationalNumber()])
    signer_capacity = RadioField(
        _l("Capacity"), choices=_capacities(Capacity.signers()), validate_choice=False,
        validators=[Required(_l("Choose the capacity.")),
                    AnyOf(Capacity.signers(), onboarding.SIGNER_NOT_AUTHORISED)])
    signer_email = _email()
    signer_phone = _phone()
    signer_works_in_enterprise = RadioField(
        _l("Does the responsible work in your enterprise?"), choices=_yes_no(), validate_choice=False,
        validators=[Required(_l("Answer yes or no.")), AnyOf((YES, NO))])


class TicketForm(FlaskForm):
    """The status of a request, by its ticket number."""

    ticket = StringField(_l("Ticket number"), filters=[strip], validators=[
        Required(_l("Enter the ticket number of your request.")), Length(max=40)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


class LocalAdminForm(FlaskForm):
    """'Maak een lokale beheerder' for a person who has an account already: a password twice, own data."""

    password = PasswordField(_l("Password"), validators=[
        Required(_l("Choose a password.")), Length(max=200),
        StrongPassword("username", "first_name", "last_name")],
        render_kw={"autocomplete": "new-password"})
    repeat_password = PasswordField(_l("Repeat the password"), validators=[
        Required(_l("Repeat the password.")),
        EqualTo("password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})
    first_name = _name(_l("First name"), _l("Enter the first name."))
    last_name = _name(_l("Last name"), _l("Enter the last name."))
    email = _email()


class NewLocalAdminForm(LocalAdminForm):
    """'Maak een lokale beheerder': also a self-chosen username, twice; it never changes afterwards."""

    username = StringField(_l("Username"), validators=[
        Required(_l("Choose a username.")), Length(max=50), Rule(check_new_username)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"})
    repeat_username = StringField(_l("Repeat the username"), validators=[
        Required(_l("Repeat the username.")),
        EqualTo("username", _l("The two usernames are not the same."))],
        filters=[normalize_username],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"})
