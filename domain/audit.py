"""Recording changes in the audit log."""

import json

from flask import has_request_context, request
from flask_login import current_user

from db.audit import AuditEvent

SECRET_FIELDS = frozenset({"password", "password_hash"})


def record(action, *, enterprise=None, subject=None, changes=None, actor=None):
    """Write one audit event: `action` (e.g. 'user.blocked') on `subject`, by `actor`.

    `actor` defaults to the signed-in account; the address is the request's (empty in the CLI).
    `changes` is {field: [old, new]} or a dict of details; secrets are never written.
    """
    actor = actor if actor is not None else _signed_in_account()
    return AuditEvent.create(
        action=action,
        actor=actor,
        actor_name=_name_of(actor),
        enterprise=enterprise if enterprise is not None else getattr(subject, "enterprise_id", None),
        subject_type=subject._meta.table_name if subject is not None else "",
        subject_id=subject.id if subject is not None else None,
        subject_name=str(subject) if subject is not None else "",
        changes=json.dumps(_without_secrets(changes or {}), default=str, ensure_ascii=False),
        ip_address=(request.remote_addr or "") if has_request_context() else "",
    )


def changes_between(before, after):
    """{field: [old, new]} for every field whose value differs between two dicts."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def _signed_in_account():
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def _name_of(actor):
    if actor is None:
        return ""
    return f"{actor.full_name} ({actor.username})"


def _without_secrets(changes):
    return {key: value for key, value in changes.items() if key not in SECRET_FIELDS}


def actor():
    """The account acting now: the signed-in account, or None (the CLI, a visitor)."""
    return _signed_in_account()


def name_of(account):
    """The name an account is recorded under, 'Voornaam Naam (username)'; '' for nobody."""
    return _name_of(account)
