"""Reading responses as a person would: the text, with HTML entities resolved; and what the
database was asked meanwhile."""

import html
import logging
from contextlib import contextmanager
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


def text(response):
    """The response body with entities resolved (`n&#39;est` reads `n'est`)."""
    return html.unescape(response.get_data(as_text=True))


class _FormReader(HTMLParser):
    """The values a browser would send for the forms of a page, as it shows them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "values": []})
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self.forms[-1]["values"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.forms[-1]["values"].append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.forms[-1]["values"].append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.forms[-1]["values"][-1]
            self.forms[-1]["values"][-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_values(response, action):
    """What submitting the page's form that posts to `action`, untouched, would send (a MultiDict)."""
    reader = _FormReader()
    reader.feed(response.get_data(as_text=True))
    for form in reader.forms:
        if form["action"] == action:
            return MultiDict(form["values"])
    raise AssertionError(f"no form posts to {action}")


def form_token(client, url, action=None):
    """The one-time form token (web.idempotency) of the form at `url` that posts to `action` (`url`)."""
    return form_values(client.get(url), action or url)["form_token"]


def post_at_once(clients, posts):
    """Each client posts its (url, data) of `posts` at the same instant, from threads of their own
    (a double click, two windows): the responses, or the exception a post raised, in order."""
    import threading

    from db.base import database

    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def run(index):
        url, data = posts[index]
        try:
            barrier.wait()
            results[index] = clients[index].post(url, data=data or {})
        except Exception as error:  # noqa: BLE001 (the test reports it)
            results[index] = error
        finally:
            database.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


class Statements(logging.Handler):
    """The SQL statements peewee runs while it is attached. A PREPARE (made once per PostgreSQL
    connection, db.prepared) is the connection's set-up, not a statement of the request: left out
    unless `setup_too`."""

    def __init__(self, setup_too=False):
        super().__init__()
        self.sql, self.setup_too = [], setup_too

    def emit(self, record):
        sql = str(record.msg[0]) if isinstance(record.msg, tuple) else str(record.msg)
        if self.setup_too or not sql.startswith("PREPARE "):
            self.sql.append(sql)


@contextmanager
def statements(setup_too=False):
    """`with statements() as sql:` the statements run inside, in order."""
    handler, logger = Statements(setup_too), logging.getLogger("peewee")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.sql
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
