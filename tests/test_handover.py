"""One-time passwords between the POST that makes them and the page that shows them once."""

import json

from flask import session

from tests.factories import make_account, make_enterprise
from web import handover

PASSWORD = "K7QM-3XPT-9HWD-R2VC"


def test_the_session_holds_the_password_only_encrypted_and_gives_it_once(app):
    account, other = make_account(make_enterprise()), make_account(make_enterprise())
    with app.test_request_context():
        handover.keep(account, PASSWORD)
        # the session cookie is signed but readable: the password must not be in it in clear
        assert PASSWORD not in json.dumps(dict(session))
        assert handover.take(other) is None
        assert handover.take(account) == PASSWORD
        assert handover.take(account) is None


def test_a_password_not_taken_within_fifteen_minutes_is_gone(app, clock):
    account = make_account(make_enterprise())
    with app.test_request_context():
        handover.keep(account, PASSWORD)
        clock.travel(minutes=16)  # the one clock is Fernet's too
        assert handover.take(account) is None
