"""'Consulteren of wijzigen van overige gegevens': own e-mail, the enterprise's e-mail, language."""

from flask_babel import lazy_gettext as _l

from db.accounts import Account
from db.base import database
from db.clock import utcnow
from db.enterprises import Enterprise
from domain import audit
from domain.emails import check_email
from domain.languages import check_language
from domain.refusals import NotAllowed
from domain.versions import update_if_current

# only a local admin is offered the enterprise's e-mail: another account can send it only by forging
ONLY_LOCAL_ADMINS = _l("You do not have access to this page.")


def change_own_data(actor, *, email, language, account_version, enterprise_email=None,
                    enterprise_version=None):
    """Keep the acting account's e-mail and language and, for a local admin, the enterprise's e-mail.

    The versions are those the form was read at: a change made since then raises StaleData and
    nothing is kept. Returns the names of the fields that changed (none for a repeated post).
    """
    account = actor.account
    check_language(language)
    if enterprise_email is not None and not account.is_local_admin:
        raise NotAllowed(ONLY_LOCAL_ADMINS)
    email = check_email(email)
    if enterprise_email is not None:
        enterprise_email = check_email(enterprise_email, field="enterprise_email")
    with database.atomic():
        changed = _change_account(actor, email, language, account_version)
        if enterprise_email is not None:
            changed += _change_enterprise_email(actor, enterprise_email, enterprise_version)
    return changed


def _change_account(actor, email, language, version):
    account = actor.account
    stored = Account.get_by_id(account.id)
    changes = audit.changes_between({"email": stored.email, "language": stored.language},
                                    {"email": email, "language": language})
    if not changes:
        return []
    update_if_current(Account, account.id, version, email=email, language=language, updated_at=utcnow())
    account.email, account.language, account.version = email, language, version + 1
    for name in changes:
        audit.record(actor, f"account.{name}_changed", subject=account, changes={name: changes[name]})
    return list(changes)


def _change_enterprise_email(actor, email, version):
    enterprise = actor.enterprise
    stored = Enterprise.get_by_id(enterprise.id)
    if stored.email == email:
        return []
    update_if_current(Enterprise, enterprise.id, version, email=email)
    audit.record(actor, "enterprise.email_changed", subject=enterprise, enterprise=enterprise,
                 changes={"email": [stored.email, email]})
    enterprise.email, enterprise.version = email, version + 1
    return ["enterprise_email"]
