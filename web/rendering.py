"""One URL, two answers: the full page normally, only the partial for htmx.

Views call `render(page, partial, **context)`; the page template includes the partial, so both
answers show the same markup. Every answer says `Vary: HX-Request` so no cache mixes them up.
"""

from flask import redirect, render_template, request, url_for


def wants_partial():
    """True for an htmx request that swaps part of a page (not boosted, not a history restore)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render(page_template, partial_template=None, status=200, **context):
    """The page template, or the partial template for htmx; with `status` (422 for a bad form).

    The context may use any name, `page` too (a page of results, for the pagination macro).
    """
    template = partial_template if partial_template and wants_partial() else page_template
    return render_template(template, **context), status


def see_other(endpoint, **values):
    """303 to `endpoint`: after a successful POST the browser GETs the result."""
    return redirect(url_for(endpoint, **values), code=303)


def add_vary_header(response):
    """after_request hook: the answer depends on HX-Request."""
    response.vary.add("HX-Request")
    return response
