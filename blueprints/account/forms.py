"""Forms for the account's own data: password, contact data and language, certificate."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, HiddenField, PasswordField, SelectChoice, SelectField
from wtforms.validators import AnyOf, Email, EqualTo, Length

from domain.accounts import own_words
from domain.emails import INVALID_EMAIL
from domain.languages import UNAVAILABLE as UNAVAILABLE_LANGUAGE
from domain.passwords import check_not_current
from web.forms import Required, Rule, StrongPassword, posted_or_filled, strip, version_number
from web.i18n import LANGUAGE_NAMES, LANGUAGES


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[Required(_l("Enter your current password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[Required(_l("Enter a new password.")), Length(max=200), StrongPassword(),
                    Rule(check_not_current, password_hash=lambda form: form.current_hash)],
        render_kw={"autocomplete": "new-password"},
    )
    repeat_password = PasswordField(
        _l("Repeat the new password"),
        validators=[Required(_l("Repeat the new password.")),
                    EqualTo("new_password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )

    @classmethod
    def for_account(cls, account):
        """The form, its new password checked against the account's own words."""
        form = cls()
        form.personal_words = own_words(account)
        form.current_hash = account.password_hash
        return form


def _email_validators(missing):
    return [Required(missing), Length(max=254, message=INVALID_EMAIL),
            Email(INVALID_EMAIL, check_deliverability=False)]


class OwnDataForm(FlaskForm):
    """'Consulteren of wijzigen van overige gegevens'; the enterprise's e-mail is for local admins."""

    email = EmailField(_l("Your e-mail address"), filters=[strip],
                       validators=_email_validators(_l("Enter your e-mail address.")),
                       render_kw={"autocomplete": "email"})
    enterprise_email = EmailField(_l("Your enterprise's e-mail address"), filters=[strip],
                                  validators=_email_validators(_l("Enter your enterprise's e-mail address.")))
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        validate_choice=False,
        validators=[AnyOf(LANGUAGES, message=UNAVAILABLE_LANGUAGE)],
    )
    # the versions the form was read at (see domain.versions)
    account_version = HiddenField(filters=[version_number])
    enterprise_version = HiddenField(filters=[version_number])

    @classmethod
    def for_account(cls, account, stored=False):
        """The form as posted, or filled with the account's data (`stored`: as stored now, after a
        conflict); without the enterprise's e-mail for plain users."""
        enterprise = account.enterprise
        form = posted_or_filled(cls, {
            "email": account.email, "language": account.language, "account_version": account.version,
            "enterprise_email": enterprise.email if enterprise else None,
            "enterprise_version": enterprise.version if enterprise else None,
        }, stored)
        if not account.is_local_admin:
            del form.enterprise_email
            del form.enterprise_version
        return form

    def changes(self):
        """The keyword arguments of domain.own_data.change_own_data."""
        changes = {"email": self.email.data, "language": self.language.data,
                   "account_version": self.account_version.data}
        if "enterprise_email" in self:
            changes.update(enterprise_email=self.enterprise_email.data,
                           enterprise_version=self.enterprise_version.data)
        return changes


class CertificateForm(FlaskForm):
    def file_bytes(self, limit):
        """At most `limit` bytes of the uploaded file."""
        return self.certificate_file.data.read(limit)

    def signature_bytes(self, limit):
        """At most `limit` bytes of the uploaded signature, or b'' without one."""
        return self.signature_file.data.read(limit) if self.signature_file.data else b""

    certificate_file = FileField(
        _l("Certificate file (PEM or DER)"),
        validators=[FileRequired(_l("Choose the file of your certificate."))],
        render_kw={"accept": ".pem,.crt,.cer,.der"},
    )
    # proof of possession: the challenge shown on the page, signed with the certificate's key
    challenge = HiddenField()
    signature_file = FileField(_l("Signature of the challenge (signature.bin)"))


class ConfirmForm(FlaskForm):
    """A button-only form: it carries the CSRF token."""
