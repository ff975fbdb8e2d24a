"""An account's own sign-in settings: language, password, open sessions."""

from db.accounts import Account
from db.base import database
from db.clock import utcnow
from domain import audit
from domain.languages import check_language
from domain.passwords import check_not_current, check_password, hash_password
from domain.sessions import EndReason, end_sessions

__all__ = ["change_language", "change_password", "end_sessions"]


def change_language(actor, language):
    """Keep `language` (nl, fr or de) as the acting account's preference. False when it was already."""
    account = actor.account
    check_language(language)
    if account.language == language:
        return False
    with database.atomic():
        Account.update(language=language, version=Account.version + 1, updated_at=utcnow()).where(
            Account.id == account.id).execute()
        audit.record(actor, "account.language_changed", subject=account,
                     changes={"language": [account.language, language]})
    account.language = language
    account.version += 1
    return True


def own_words(account):
    """What a password of `account` must not lean on: its username, names and enterprise's name."""
    enterprise = account.enterprise.name if account.enterprise_id else ""
    return [account.username, account.first_name, account.last_name, enterprise]


def change_password(actor, new_password):
    """The acting account chose a new password: keep its hash and end the account's other sessions.

    Every session of the account ends; the caller opens a new one for the person who changed it.
    """
    account = actor.account
    check_password(new_password, own_words(account), field="new_password")
    check_not_current(new_password, password_hash=account.password_hash)
    password_hash = hash_password(new_password)
    with database.atomic():
        Account.update(password_hash=password_hash, must_change_password=False,
                       version=Account.version + 1, updated_at=utcnow()).where(
            Account.id == account.id).execute()
        end_sessions(account, EndReason.PASSWORD)
        audit.record(actor, "account.password_changed", subject=account)
    account.password_hash, account.must_change_password = password_hash, False
    account.version += 1

