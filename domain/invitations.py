"""Invitations instead of typed passwords: the local admin has the person e-mailed a one-time link
(valid 72 hours, single use, bound to the account) where they choose their own password. No
password passes through the admin's screen. The link carries a random 256-bit token; only its
SHA-256 is stored, so a copy of the database opens no invitation.

The manual's way (a one-time password shown to the admin, domain.users) stays for people
without e-mail.
"""

import hashlib
import secrets
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from db.accounts import Account
from db.base import database
from db.clock import utcnow
from db.second_factor import Invitation
from domain import audit, form_tokens, mail, users
from domain.accounts import own_words
from domain.auth import forget_failures
from domain.passwords import check_password, generate_one_time_password, hash_password
from domain.refusals import NotAllowed, Refused
from domain.sessions import EndReason, end_sessions

LIFETIME = timedelta(hours=72)

NO_EMAIL = _l("An invitation goes by e-mail: enter the user's e-mail address, or choose the one-time "
              "password.")
BLOCKED = _l("This user is blocked: unblock them first, then send the invitation.")
NOT_SENT = _l("The e-mail could not be sent. Try again later, or give the user a one-time password.")
UNKNOWN = _l("This link is not valid. Perhaps it was not copied whole, a newer invitation replaced it, or "
             "the account was deleted. Ask your local administrator for a new invitation.")
USED = _l("This invitation was used already: your password is set. Sign in with your username and "
          "password. Forgot it? Ask your local administrator for a new invitation.")
EXPIRED = _l("This invitation has expired (an invitation is valid for 72 hours). Ask your local "
             "administrator to send you a new one.")
ACCOUNT_BLOCKED = _l("Your account is blocked. Contact your local administrator.")


def token_hash(token):
    return hashlib.sha256((token or "").encode("utf-8", "replace")).hexdigest()


def create_and_invite(actor, link, form_token=None, **user_data):
    """'Nieuwe gebruiker toevoegen' with an invitation: register the user (domain.users.create_user,
    with a random password nobody sees) and e-mail the link. Returns the account.

    The same `form_token` posted again registers nobody and sends nothing: it returns the account
    registered by the first post (domain.form_tokens), not "username taken".
    """
    if not (user_data.get("email") or "").strip():
        raise Refused(NO_EMAIL, "email")
    return form_tokens.once(actor, form_token, "user.invited",
                            lambda: _create_and_invite(actor, link, user_data),
                            keep=lambda account: {"account": account.id}, again=_invited_before)


def _create_and_invite(actor, link, user_data):
    account, _password = users.create_user(actor, **user_data)
    return _send(actor, account, link, new_user=True)


def _invited_before(kept):
    account = Account.get_or_none(Account.id == kept["account"])
    if account is None:  # deleted since
        raise form_tokens.SentAlready()
    return account


def reinvite(actor, account, link):
    """'Nieuw wachtwoord' with an invitation: the old password stops working, the user's sessions
    end, and the link is e-mailed. Returns the account."""
    users.check_may_manage(actor, account)
    if not account.email:
        raise Refused(NO_EMAIL)
    if account.blocked:
        raise Refused(BLOCKED)
    with database.atomic():
        Account.update(password_hash=hash_password(generate_one_time_password()), must_change_password=True,
                       failed_logins=0, lock_count=0, locked_until=None, version=Account.version + 1,
                       updated_at=utcnow()).where(Account.id == account.id).execute()
        end_sessions(account, EndReason.PASSWORD)
        forget_failures(account)
    return _send(actor, account, link, new_user=False)


def _send(actor, account, link, new_user):
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with database.atomic():
        # a new invitation replaces the ones not used yet
        Invitation.delete().where((Invitation.account == account.id) & Invitation.used_at.is_null()).execute()
        invitation = Invitation.create(account=account.id, token_hash=token_hash(token), created_at=now,
                                       expires_at=now + LIFETIME)
        audit.record(actor, "user.invited", subject=account,
                     changes={"email": account.email, "expires_at": invitation.expires_at})
    with force_locale(account.language):
        subject = _("Choose your password for STTS")
        text = _("Hello %(name)s,\n\n%(admin)s invites you to the STTS access management of %(enterprise)s. "
                 "Your username is: %(username)s\n\nChoose your own password here (the link works once, "
                 "for 72 hours):\n%(link)s\n\nDid you not expect this e-mail? Then do nothing.",
                 name=account.full_name, admin=actor.full_name, enterprise=account.enterprise.name,
                 username=account.username, link=link(token))
        if not new_user:
            subject = _("A new password for STTS")
    try:
        mail.send(account.email, subject, text)
    except mail.MailNotSent as error:
        Invitation.delete().where(Invitation.id == invitation.id).execute()
        raise Refused(NOT_SENT, status=503) from error
    return account


def open_invitation(token, now=None):
    """The invitation of `token` while it may be used; else Refused with what to do."""
    invitation = Invitation.by_token_hash(token_hash(token)) if token and len(token) <= 100 else None
    if invitation is None:
        raise Refused(UNKNOWN, status=404)
    if invitation.used_at is not None:
        raise Refused(USED, status=410)
    if invitation.expires_at <= (now or utcnow()):
        raise Refused(EXPIRED, status=410)
    if invitation.account.blocked:
        raise NotAllowed(ACCOUNT_BLOCKED)
    return invitation


def accept(actor, token, password):
    """The person chooses their password through the invitation: it is kept, the invitation is
    spent (once, in every process) and audited. Returns the account."""
    invitation = open_invitation(token)
    account = invitation.account
    check_password(password, own_words(account), field="new_password")
    with database.atomic():
        spent = Invitation.update(used_at=utcnow()).where(
            (Invitation.id == invitation.id) & Invitation.used_at.is_null()).execute()
        if not spent:
            raise Refused(USED, status=410)
        Account.update(password_hash=hash_password(password), must_change_password=False,
                       version=Account.version + 1, updated_at=utcnow()
                       ).where(Account.id == account.id).execute()
        end_sessions(account, EndReason.PASSWORD)
        forget_failures(account)
        audit.record(actor, "account.invitation_accepted", subject=account)
    return account


def purge_expired(now=None):
    """Delete invitations past their 72 hours, used or not (the nightly job). Returns how many."""
    return Invitation.delete().where(Invitation.expires_at <= (now or utcnow())).execute()
