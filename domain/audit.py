"""Recording changes in the audit log: who (an Actor), what, when, and from where."""

import json

from db.audit import AuditEvent

SECRET_FIELDS = frozenset({"password", "password_hash", "secret", "token"})


def record(actor, action, *, subject=None, enterprise=None, changes=None):
    """Write one audit event: `actor` (domain.actors.Actor) did `action` (e.g. 'user.blocked') to
    `subject`. `enterprise` is whose log it goes to (default: the subject's enterprise).

    `changes` is {field: [old, new]} or a dict of details; secrets are never written.
    """
    return AuditEvent.create(
        action=action,
        actor=actor.account,
        actor_name=actor.name,
        actor_system=actor.system or "",
        enterprise=enterprise if enterprise is not None else getattr(subject, "enterprise_id", None),
        subject_type=subject._meta.table_name if subject is not None else "",
        subject_id=subject.id if subject is not None else None,
        subject_name=str(subject) if subject is not None else "",
        changes=json.dumps(_without_secrets(changes or {}), default=str, ensure_ascii=False),
        ip_address=actor.address,
    )


def changes_between(before, after):
    """{field: [old, new]} for every field whose value differs between two dicts."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def _without_secrets(changes):
    return {key: value for key, value in changes.items() if key not in SECRET_FIELDS}
