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
        changes=json.dumps(real_changes(_without_secrets(changes or {})), default=str, ensure_ascii=False),
        ip_address=actor.address,
    )


def changes_between(before, after):
    """{field: [old, new]} for every field whose value differs, in meaning, between two dicts."""
    return real_changes({key: [before.get(key), value] for key, value in after.items()})


def real_changes(changes):
    """`changes` without the pairs whose old and new value mean the same ("Ja → Ja", "– → –":
    nothing and empty, the same list in another order, 1 and True); a detail that is no pair stays."""
    return {key: value for key, value in changes.items()
            if not (isinstance(value, list | tuple) and len(value) == 2 and same(*value))}


def same(old, new):
    """True when two recorded values say the same thing."""
    return _meaning(old) == _meaning(new)


def _meaning(value):
    if value in (None, "", [], ()):
        return None
    if isinstance(value, list | tuple | set | frozenset):
        return ("list", tuple(sorted(str(item) for item in value)))
    if isinstance(value, bool):
        return ("bool", value)
    return ("value", str(value))


def _without_secrets(changes):
    return {key: value for key, value in changes.items() if key not in SECRET_FIELDS}
