"""Form helpers: a domain refusal next to its field, focus after an htmx swap, hidden versions,
trimmed input."""

from domain.refusals import StaleData


def show_refusal(form, refusal):
    """Put `refusal.message` next to its field (or above the form); return the HTTP status."""
    field = form._fields.get(refusal.field) if refusal.field else None
    if field is not None:
        field.errors = [*field.errors, str(refusal.message)]
    else:
        form.form_errors.append(str(refusal.message))
    return refusal.status


def show_stale_data(form):
    """Tell the person their form was based on data that changed since; return 409."""
    return show_refusal(form, StaleData())


def version_number(value):
    """A hidden version field's value as an int; anything else counts as stale (-1)."""
    return int(value) if isinstance(value, int) or str(value or "").isdigit() else -1


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


def strip(value):
    """A filter: typed text without surrounding spaces."""
    return value.strip() if isinstance(value, str) else value
