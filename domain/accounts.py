"""An account's own sign-in settings: language, password, open sessions."""

from db.accounts import Account
from db.clock import utcnow
from domain import audit
from domain.languages import check_language
from domain.passwords import hash_password


def change_language(account, language):
    """Keep `language` (nl, fr or de) as the account's preference; audited."""
    check_language(language)
    if account.language == language:
        return
    audit.record("account.language_changed", subject=account, actor=account,
                 changes={"language": [account.language, language]})
    account.language = language
    account.save(only=[Account.language])


def change_password(account, new_password):
    """The account chose a new password: keep its hash and end the account's other sessions.

    The caller signs the current session in again (its session id carries the new epoch).
    """
    account.password_hash = hash_password(new_password)
    account.must_change_password = False
    account.updated_at = utcnow()
    account.save(only=[Account.password_hash, Account.must_change_password, Account.updated_at])
    end_sessions(account)
    audit.record("account.password_changed", subject=account, actor=account)


def end_sessions(account):
    """Sign the account out everywhere: every session id made before now stops working."""
    Account.update(session_epoch=Account.session_epoch + 1).where(Account.id == account.id).execute()
    account.session_epoch = Account.select(Account.session_epoch).where(Account.id == account.id).scalar()
