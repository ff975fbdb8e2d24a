"""One lifecycle for every form page: show it, validate it, call the domain once, say what happened.

    form = ProfileForm.of(account)
    return handle_form(form, lambda: users.change_profile(current_actor(), account, **form.values()),
                       page=page("users/edit.html", account=account),
                       done=go_to("users.show", _("Saved."), user_id=account.id),
                       fresh=lambda: ProfileForm.of(stored_again(), fresh=True))

GET shows the form (200); a POST that does not validate shows it again with the errors next to the
fields (422); the domain's Refused shows at its field with its status (422, 403, 409); success
answers `done(result)`, usually a flash and a 303. A POST naming one field in the X-Validate-Field
header (htmx, as the field is left) gets that field back alone, with its error.

The stale policy, everywhere: a StaleData (somebody saved the row since the form was read) answers
409 with the form filled from the row as stored now, carrying its current version, and beside
every field where the person typed something else, what they typed. Saving again without looking
saves what is stored: the other person's change is never silently reverted, and nothing typed is lost.
"""

from datetime import date

from flask import flash, render_template, request
from flask_babel import lazy_gettext as _l

from domain import formats
from domain.refusals import Refused, StaleData
from web.rendering import render, see_other

VALIDATE_HEADER = "X-Validate-Field"
STALE_DATA = _l("These data were changed in the meantime (perhaps by you, in another window). Nothing was "
                "saved. The form now shows the data as they are stored; where you had typed something "
                "else, it is shown beside the field. Make your change again if it is still needed.")
# fields that are not data the person typed
_NOT_TYPED = {"HiddenField", "CSRFTokenField", "SubmitField", "FileField", "PasswordField"}


def handle_form(form, act, *, page, done, fresh=None):
    """The GET or POST of a form page (see the module's docstring).

    `page(form, status)` renders the page with the form as it stands; `act()` calls the domain and
    returns its result; `done(result)` answers the success; `fresh()`, for a form about a stored row,
    is the form filled from the row as stored now.
    """
    if (answer := validate_one_field(form)) is not None:
        return answer
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        if status == 422:
            focus_first_error(form)
        return page(form, status)
    try:
        result = act()
    except StaleData as refusal:
        if fresh is None:
            return page(form, show_refusal(form, refusal))
        return page(*_stale(form, fresh()))
    except Refused as refusal:
        status = show_refusal(form, refusal)
        focus_first_error(form)
        return page(form, status)
    return done(result)


def page(template, partial=None, **context):
    """`page` for handle_form: the template (or, for htmx, the partial) with the form and `context`."""
    return lambda form, status: render(template, partial, status=status, form=form, **context)


def go_to(endpoint, message=None, **values):
    """`done` for handle_form: flash `message` and 303 to `endpoint` with `values`.

    The message, and each value, may be a function of the domain's result (e.g. the dossier a
    request made: `dossier_id=lambda dossier: dossier.id`); a message that is None says nothing.
    """

    def answer(result):
        said = message(result) if callable(message) else message
        if said:
            flash(str(said), "success")
        return see_other(endpoint, **{name: value(result) if callable(value) else value
                                      for name, value in values.items()})

    return answer


def validate_one_field(form):
    """The answer to htmx validating one field as it is left: that field with its error, else None."""
    name = request.headers.get(VALIDATE_HEADER)
    if request.method != "POST" or not name or name not in form:
        return None
    form.validate()
    return render_template("_field.html", field=form[name])


def show_refusal(form, refusal):
    """Put `refusal.message` next to its field (or above the form); return the HTTP status. The
    page finds the refusal itself in `form.refusal` (e.g. to offer what to do instead)."""
    form.refusal = refusal
    field = form._fields.get(refusal.field) if refusal.field else None
    if field is not None:
        field.errors = [*field.errors, str(refusal.message)]
    else:
        form.form_errors.append(str(refusal.message))
    return refusal.status


def _stale(typed, current):
    """The form as stored now, with what was typed beside each field that differs; and 409."""
    for field in current:
        if field.type in _NOT_TYPED or field.name not in typed:
            continue
        mine = typed[field.name]
        if _comparable(mine.data) != _comparable(field.data):
            field.typed = _shown(mine)
    current.form_errors.append(str(STALE_DATA))
    return current, 409


def _comparable(value):
    if isinstance(value, list | tuple | set):
        return sorted(str(item) for item in value)
    return "" if value is None else str(value).strip()


def _shown(field):
    """What the person typed or chose in `field`, as they would read it."""
    value = field.data
    if hasattr(field, "choices") and field.choices is not None:
        names = {str(choice[0]): str(choice[1]) for choice in _choice_pairs(field)}
        values = value if isinstance(value, list | tuple) else [value]
        return ", ".join(names.get(str(item), str(item)) for item in values if item not in (None, "")) or "–"
    if isinstance(value, date):
        return formats.day(value)
    return str(value) if value not in (None, "") else "–"


def _choice_pairs(field):
    for choice in field.choices:
        yield (choice.value, choice.label) if hasattr(choice, "value") else choice[:2]


def focus_first_error(form):
    """Give the first field with an error the `autofocus` htmx moves focus to after a swap."""
    for field in form:
        if field.errors:
            focus(field)
            return True
    return False


def focus(field):
    """Let `field` take the focus when the page or the swapped part is shown."""
    field.render_kw = {**(field.render_kw or {}), "autofocus": True}
