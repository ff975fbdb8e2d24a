"""Answers remembered by each process: an htmx partial of the user list, for as long as the
enterprise's users have not changed and no lock it shows has run out.

A live search is asked the same again and again: each keystroke's page, back and forth, the next
administrator's same search, the list after a refresh. Its answer is rebuilt only when what it
shows changed. The key holds all it depends on: the address with its arguments, the enterprise, its
name and its generation (db.enterprises.EnterpriseGeneration, counted by the database's triggers
at every change of an account, an application link or a client lock, whichever process made it),
who asks (what they may do differs) and the language. A row's lock badge ends at a moment: the view
says when (`valid_until`), and the answer is not served past it. The answer carries no secret of
the session (no CSRF token: the page holds those), so it is the same for each session of one person.
Served again, it is also compressed once (brotli, as Flask-Compress would at the app's level),
not at every request.
"""

import threading
from collections import OrderedDict
from functools import wraps

import brotli
from flask import Response, current_app, g, request
from flask_login import current_user

from db.clock import utcnow
from db.enterprises import EnterpriseGeneration
from web.i18n import current_language
from web.rendering import wants_partial

EXTENSION = "answer_cache"


class Answer:
    """A remembered answer: its HTML, until when it holds (None: until a change), its brotli."""

    __slots__ = ("body", "until", "compressed")

    def __init__(self, body, until):
        self.body, self.until, self.compressed = body, until, None


class AnswerCache:
    """At most `size` answers, the least recently used forgotten first; safe across threads."""

    def __init__(self, size):
        self.size = size
        self._answers = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, now):
        """The Answer remembered under `key`, or None (also when it no longer holds at `now`)."""
        with self._lock:
            found = self._answers.get(key)
            if found is None:
                return None
            if found.until is not None and now >= found.until:
                del self._answers[key]
                return None
            self._answers.move_to_end(key)
            return found

    def put(self, key, body, until):
        with self._lock:
            self._answers[key] = Answer(body, until)
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)


def init_answer_cache(app):
    """The app's remembered answers: ANSWER_CACHE_SIZE of them in each process (0: none)."""
    app.extensions[EXTENSION] = AnswerCache(app.config.get("ANSWER_CACHE_SIZE", 512))


def valid_until(moment):
    """The view's answer shows something that ends at `moment` (None: nothing does): it is not
    served after the earliest such moment."""
    if moment is not None and (g.get("answer_valid_until") is None or moment < g.answer_valid_until):
        g.answer_valid_until = moment


def remembered(view):
    """A decorator of a list view under its access decorator: its htmx partial answer (200) is
    served again while the key (see the module) is the same."""

    @wraps(view)
    def answer(*args, **kwargs):
        cache = current_app.extensions[EXTENSION]
        if not cache.size or not wants_partial():
            return view(*args, **kwargs)
        enterprise = current_user.enterprise
        # read with the session at the start of the request (db.sessions): before the view's own reads
        generation = EnterpriseGeneration.read_with_session(enterprise)
        key = (request.full_path, enterprise.id, enterprise.name, generation, current_user.id,
               current_language())
        found = cache.get(key, utcnow())
        if found is not None:
            return _served_again(found)
        result = view(*args, **kwargs)
        body, status = result if isinstance(result, tuple) else (result, 200)
        if status == 200 and isinstance(body, str):
            cache.put(key, body, g.get("answer_valid_until"))
        return result

    return answer


def _served_again(answer):
    """The remembered answer as a response: brotli-compressed once for every browser that takes it
    (Flask-Compress leaves an answer that says its encoding alone)."""
    if not (request.accept_encodings["br"] and "br" in current_app.config["COMPRESS_ALGORITHM"]):
        return answer.body
    if answer.compressed is None:
        config = current_app.config
        answer.compressed = brotli.compress(
            answer.body.encode(), mode=config["COMPRESS_BR_MODE"], quality=config["COMPRESS_BR_LEVEL"],
            lgwin=config["COMPRESS_BR_WINDOW"], lgblock=config["COMPRESS_BR_BLOCK"])
    response = Response(answer.compressed, mimetype="text/html")
    response.headers["Content-Encoding"] = "br"
    return response
