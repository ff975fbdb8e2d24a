"""The STTS forms. Each field is validated as it is left (htmx) and the whole form again on submit."""

import json
import secrets
from dataclasses import fields

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from blueprints.stts.labels import FIELD, show
from db.dossiers import Category, Formula, Status, StopKind, TaskKind, TaskStatus
from domain import dossiers, tasks
from domain.dossiers import MISSING, MODIFIABLE, DossierCriteria, TariffRequest
from domain.refusals import Refused
from web.access import current_actor
from web.form_page import VALIDATE_HEADER
from web.forms import Required, Rule, posted_or_filled, version_number
from web.i18n import LANGUAGE_NAMES, LANGUAGES

CHOOSE = _l("Choose…")


def _choices(code_set, blank=None):
    options = [SelectChoice(*pair) for pair in code_set.choices()]
    return [SelectChoice("", blank), *options] if blank else options


def _languages(blank=None):
    options = [SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES]
    return [SelectChoice("", blank), *options] if blank else options


class DossierRule(Rule):
    """The domain's rule for a dossier field (domain.dossiers.check_field), run as the field is left:
    the XML channel meets the same rule and message. Its column's length is the input's maxlength."""

    def __init__(self, name):
        super().__init__(lambda value: dossiers.check_field(name, value))
        longest = dossiers.max_length(name)
        self.field_flags = {"maxlength": longest} if longest else {}


def dossier_field(name, required=True, **kwargs):
    """A text field of a dossier: its label, and the domain's rules for it (missing, then the rule)."""
    first = Required(MISSING[name]) if required else Optional()
    return StringField(FIELD[name], validators=[first, DossierRule(name)], **kwargs)


def new_token():
    return secrets.token_urlsafe(24)


class LiveForm(FlaskForm):
    """A form whose fields validate as they are left: htmx posts the form to its own URL with
    VALIDATE_HEADER naming the field, and morphs that field's wrapper (with its error) in place.
    A field's hint is its `description`, so the field comes back with it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self:
            if field.type not in ("HiddenField", "CSRFTokenField"):
                field.render_kw = {
                    **(field.render_kw or {}),
                    "hx-post": request.path,
                    "hx-trigger": "change",
                    "hx-target": "closest .field",
                    "hx-swap": "outerMorph",
                    "hx-headers": json.dumps({VALIDATE_HEADER: field.name}),
                }


def identified(form, field):
    """The national number identifies a living person in the register ("identificatie niet mogelijk")."""
    if field.errors or not field.data:
        return
    try:
        dossiers.identify(field.data, actor=current_actor())
    except Refused as refusal:
        raise ValidationError(str(refusal.message)) from refusal


def address_field(name):
    """A field of the address correction: empty keeps the register's address."""
    return StringField(FIELD[name], validators=[Optional(), DossierRule(name)])


ADDRESS_REASON_HINT = _l("The address comes from the National Register. Only to correct it: the new address "
                         "and why (kept in the history).")


class RequestForm(LiveForm):
    """'Aanvraag van een sociaal telefoontarief': the name, address and language come from the register."""

    national_number = StringField(
        FIELD["national_number"], validators=[Required(MISSING["national_number"]),
                                              DossierRule("national_number"), identified],
        description=_l("11 digits, e.g. 85.07.30-033.28. The name, address and language come from the "
                       "National Register."),
        render_kw={"inputmode": "numeric", "autocomplete": "off"})
    street = address_field("street")
    postcode = address_field("postcode")
    city = address_field("city")
    address_reason = StringField(FIELD["address_reason"], description=ADDRESS_REASON_HINT,
                                 validators=[Optional(), Length(max=dossiers.NOTE_LENGTH)])
    language = SelectField(FIELD["language"], choices=_languages(_l("As in the National Register")),
                           validators=[Optional()])
    category = SelectField(FIELD["category"], choices=_choices(Category, CHOOSE),
                           validators=[Required(MISSING["category"])])
    formula = SelectField(FIELD["formula"], choices=_choices(Formula, CHOOSE),
                          validators=[Required(MISSING["formula"])])
    customer_number = dossier_field("customer_number")
    line_number = dossier_field("line_number",
                                description=_l("The Belgian fixed or mobile number, e.g. 0470 12 34 56"),
                                render_kw={"inputmode": "tel", "autocomplete": "off"})
    token = HiddenField(default=new_token)

    def tariff_request(self):
        """The request for domain.dossiers.request_tariff."""
        return TariffRequest(**{f.name: self[f.name].data or None for f in fields(TariffRequest)
                                if f.name in self})


class TransferForm(LiveForm):
    """'Transfer van een sociaal telefoontarief (van operator A naar operator B)'."""

    national_number = RequestForm.national_number

    line_number = dossier_field("line_number",
                                description=_l("The number the beneficiary keeps, at the previous operator"),
                                render_kw={"inputmode": "tel", "autocomplete": "off"})
    customer_number = dossier_field(
        "customer_number", required=False,
        description=_l("Your customer number. Left out, you get the task \"Enter missing data\"."))
    formula = SelectField(FIELD["formula"],
                          choices=_choices(Formula, _l("As at the previous operator")),
                          validators=[Optional()])
    token = HiddenField(default=new_token)


class ModifyForm(LiveForm):
    """'Wijziging van een dossier'."""

    street = dossier_field("street")
    postcode = dossier_field("postcode", render_kw={"inputmode": "numeric", "autocomplete": "postal-code"})
    city = dossier_field("city")
    address_reason = StringField(FIELD["address_reason"],
                                 validators=[Optional(), Length(max=dossiers.NOTE_LENGTH)],
                                 description=_l("Required when you correct the address of the National "
                                                "Register."))
    language = SelectField(FIELD["language"], choices=_languages())
    line_number = RequestForm.line_number
    customer_number = dossier_field("customer_number", required=False)
    formula = SelectField(FIELD["formula"], choices=_choices(Formula))
    requested_on = DateField(FIELD["requested_on"], validators=[Required(MISSING["requested_on"])])
    # only an active dossier has these two (the view removes them otherwise); it keeps its activation date
    activated_on = DateField(FIELD["activated_on"], validators=[Required(MISSING["activated_on"])])
    first_invoice_on = DateField(FIELD["first_invoice_on"], validators=[Optional()])
    version = HiddenField(filters=[version_number])

    def validate_activated_on(self, field):
        Rule(lambda activated_on: dossiers.check_dates(self.requested_on.data, activated_on, None))(
            self, field)

    def validate_first_invoice_on(self, field):
        # both dates are there or neither (see `of`): here both are present
        Rule(lambda first_invoice_on: dossiers.check_dates(None, self.activated_on.data, first_invoice_on))(
            self, field)

    @classmethod
    def of(cls, dossier, stored=False):
        """The form as posted, or filled from the dossier (the line in its national notation); only an
        active dossier has an activation and a first invoice date."""
        values = {name: getattr(dossier, name) for name in MODIFIABLE}
        values.update(line_number=show("line_number", dossier.line_number),
                      customer_number=dossier.customer_number or "", version=dossier.version)
        form = posted_or_filled(cls, values, stored)
        if dossier.status != Status.ACTIVE:
            del form.activated_on, form.first_invoice_on
        return form

    def changes(self):
        """The values for domain.dossiers.modify."""
        return {name: self[name].data for name in (*MODIFIABLE, "address_reason") if name in self}


class ActivateForm(LiveForm):
    """Activation: the date from which the operator applies the tariff."""

    activated_on = DateField(FIELD["activated_on"], validators=[Required(MISSING["activated_on"])],
                             description=_l("The date from which your operator applies the social tariff."))
    version = HiddenField(filters=[version_number])

    @classmethod
    def of(cls, dossier, stored=False):
        """The form as posted, or with today's date at the dossier's version."""
        form = posted_or_filled(cls, {"activated_on": dossiers.today(), "version": dossier.version}, stored)
        form.dossier = dossier
        return form

    def validate_activated_on(self, field):
        Rule(lambda activated_on: dossiers.check_dates(self.dossier.requested_on, activated_on, None))(
            self, field)


class StopForm(LiveForm):
    """'Stopzetten van de reductie' or 'van het sociaal telefoontarief': reason, its text, end date;
    then the confirmation page (confirmed=1) says what will happen before it happens."""

    reason = SelectField(_l("Reason"), validators=[Required(dossiers.UNKNOWN_REASON)])
    note = TextAreaField(_l("The other reason"), validators=[Length(max=dossiers.NOTE_LENGTH)],
                         description=_l("Required with the reason \"Other\"."))
    ended_on = DateField(FIELD["ended_on"], validators=[Required(MISSING["ended_on"])],
                         description=_l("A date after today schedules the stop: the dossier stays as it is "
                                        "until that day."))
    confirmed = HiddenField()
    version = HiddenField(filters=[version_number])

    @classmethod
    def of(cls, dossier, kind, stored=False):
        """The form as posted, or ending today, at the dossier's version, with `kind`'s own reasons."""
        form = posted_or_filled(cls, {"ended_on": dossiers.today(), "version": dossier.version}, stored)
        form.dossier, form.kind = dossier, StopKind(kind)
        form.reason.choices = [SelectChoice("", CHOOSE),
                               *(SelectChoice(reason.value, reason.label) for reason in form.kind.reasons)]
        return form

    def validate_ended_on(self, field):
        Rule(lambda ended_on: dossiers.check_end_date(self.dossier, ended_on))(self, field)

    def validate_note(self, field):
        Rule(lambda note: dossiers.check_stop_note(self.reason.data, note))(self, field)
        if self.reason.data == "other" and not (field.data or "").strip():
            raise ValidationError(str(dossiers.REASON_TEXT_MISSING))


class CancelForm(FlaskForm):
    """'Annulatie van een actie': the button, and the version of the dossier it was shown for."""

    version = HiddenField(filters=[version_number])


class TaskForm(LiveForm):
    """Closing a task: a comment (trimmed, required), and -- while its cause is still there -- why."""

    comment = TextAreaField(_l("Comment"), validators=[Rule(tasks.check_comment)],
                            filters=[lambda value: value.strip() if isinstance(value, str) else value])
    reason = TextAreaField(_l("Why close it although its cause is still there"),
                           validators=[Optional(), Length(max=tasks.COMMENT_LENGTH)])

    def validate_comment(self, field):
        if not (field.data or "").strip():
            raise ValidationError(str(tasks.COMMENT_MISSING))


class SearchForm(FlaskForm):
    """'Opzoeken van een dossier': every criterion is a prefix; empty ones are ignored."""

    class Meta:
        csrf = False

    national_number = StringField(FIELD["national_number"],
                                  validators=[Rule(dossiers.check_search_national_number)],
                                  render_kw={"inputmode": "numeric"})
    line_number = StringField(_l("Line number"), validators=[Rule(dossiers.check_search_line_number)],
                              render_kw={"inputmode": "tel"})
    customer_number = StringField(FIELD["customer_number"],
                                  validators=[Rule(dossiers.check_search_customer_number)])
    name = StringField(_l("Name"), render_kw={"autocomplete": "off"})
    status = SelectField(FIELD["status"], choices=_choices(Status, _l("All")),
                         validators=[Optional()])

    def criteria(self):
        """The criteria for domain.dossiers.search_dossiers, as typed."""
        return DossierCriteria(**{f.name: self[f.name].data or "" for f in fields(DossierCriteria)})


class TaskFilterForm(FlaskForm):
    """The task list's filters: type and status."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Type"), choices=_choices(TaskKind, _l("All")),
                       validators=[Optional()])
    status = SelectField(FIELD["status"], choices=_choices(TaskStatus, _l("All")),
                         default=TaskStatus.OPEN, validators=[Optional()])

    def criteria(self):
        """The keyword arguments of Task.listing."""
        return {"kind": self.kind.data if self.kind.data in TaskKind else "",
                "status": self.status.data if self.status.data in TaskStatus else ""}
