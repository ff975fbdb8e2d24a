"""Reading responses as a person would: the text, with HTML entities resolved."""

import html


def text(response):
    """The response body with entities resolved (`n&#39;est` reads `n'est`)."""
    return html.unescape(response.get_data(as_text=True))
