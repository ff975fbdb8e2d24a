"""The Social Security back office's officers: made from the command line, never from a screen."""

from db.accounts import Account, Role
from db.base import database
from domain import audit, free_text
from domain.passwords import check_password, hash_password
from domain.refusals import Refused
from domain.usernames import TAKEN, check_username_format


def create_officer(actor, *, username, first_name, last_name, password):
    """A back-office officer with this username and password (the policy applies); audited."""
    username = check_username_format(username)
    first_name = free_text.single_line(first_name, "first_name")
    last_name = free_text.single_line(last_name, "last_name")
    check_password(password, [username, first_name, last_name])
    with database.atomic():
        if Account.by_username(username):
            raise Refused(TAKEN, "username")
        officer = Account.create(role=Role.OFFICER, username=username, first_name=first_name,
                                 last_name=last_name, password_hash=hash_password(password))
        audit.record(actor, "officer.created", subject=officer)
    return officer
