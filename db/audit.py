"""The audit log: who changed what, when, and from where."""

import json

from flask_babel import lazy_gettext as _l
from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField, fn

from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
from db.enterprises import Enterprise


class System(CodeSet):
    """What acts when no person does, or the channel a person's action came through."""

    NIGHTLY_JOB = "nightly_job", _l("the nightly job")
    COMMAND_LINE = "command_line", _l("the command line")
    STRUCTURED_MESSAGES = "structured_messages", _l("the structured-message channel")


# what the enterprise's feed of changes leaves out: a person's preference, and a look-up in the
# eligibility source (a trace, not a change of the enterprise's data)
NOT_CHANGES = ("account.language_changed", "eligibility.looked_up")


class AuditEvent(BaseModel):
    """One change. Names are copied in, so the record outlives a deleted account."""

    at = DateTimeField(default=utcnow)
    action = CharField(max_length=64)
    actor = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    actor_name = CharField(max_length=210, default="")
    # a System code when no person acted (or the channel a person acted through)
    actor_system = CharField(max_length=32, default="")
    enterprise = ForeignKeyField(Enterprise, null=True, backref="+", on_delete="SET NULL")
    subject_type = CharField(max_length=32, default="")
    subject_id = IntegerField(null=True)
    subject_name = CharField(max_length=210, default="")
    changes = TextField(default="{}")
    ip_address = CharField(max_length=45, default="")

    class Meta:
        indexes = (
            (("enterprise", "at"), False),
            (("subject_type", "subject_id", "at"), False),
            # the officer's log over every enterprise, newest first (migration 0051)
            (("at",), False),
        )

    @property
    def actor_label(self):
        """Who acted, as the screens name them: the person, else the system; '' for a visitor."""
        return self.actor_name or (System.label_of(self.actor_system) if self.actor_system else "")

    @property
    def change_dict(self):
        """The recorded changes: {field: [old, new]} or free details."""
        return json.loads(self.changes or "{}")

    @classmethod
    def of_enterprise(cls, enterprise):
        """The enterprise's events, newest first."""
        return cls.select().where(cls.enterprise == enterprise).order_by(cls.at.desc(), cls.id.desc())

    @classmethod
    def log(cls, enterprise=None, *, actor="", subject="", actions=(), since=None, until=None, before=None):
        """'Historiek van de onderneming': the events of `enterprise` (None: of every enterprise),
        newest first, filtered, paged by key: `before` is the last event of the previous page (no
        OFFSET: the next page starts where the index says). `actor` and `subject` are parts of the
        name of the person acting, of the person or dossier concerned; `since`/`until` naive UTC."""
        query = cls.select()
        if enterprise is not None:
            query = query.where(cls.enterprise == enterprise)
        if actor:
            query = query.where(fn.LOWER(cls.actor_name).contains(actor.lower()))
        if subject:
            query = query.where(fn.LOWER(cls.subject_name).contains(subject.lower()))
        if actions:
            query = query.where(cls.action.in_(list(actions)))
        if since is not None:
            query = query.where(cls.at >= since)
        if until is not None:
            query = query.where(cls.at < until)
        if before is not None:
            query = query.where((cls.at < before.at) | ((cls.at == before.at) & (cls.id < before.id)))
        return query.order_by(cls.at.desc(), cls.id.desc())

    @classmethod
    def feed_of_enterprise(cls, enterprise):
        """The enterprise's changes, newest first: its events without a person's own preferences
        (a language switch stays in that account's own history only) and without look-ups."""
        return cls.of_enterprise(enterprise).where(cls.action.not_in(NOT_CHANGES))

    @classmethod
    def about_account(cls, account):
        """The events about `account`, and not about an earlier, deleted account that had its id
        (SQLite hands a deleted row's id out again)."""
        return cls.about("account", account.id).where(
            (cls.enterprise == account.enterprise_id) & (cls.at >= account.created_at))

    @classmethod
    def about(cls, subject_type, subject_id):
        """The events about one subject (an account, a request, a dossier), newest first."""
        return (
            cls.select()
            .where((cls.subject_type == subject_type) & (cls.subject_id == subject_id))
            .order_by(cls.at.desc(), cls.id.desc())
        )
