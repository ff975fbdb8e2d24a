"""Structured messages received (XML): each message once per sender and message id, its
acknowledgement, and the outcome of each of its records."""

import zlib

from flask_babel import lazy_gettext as _l
from peewee import BlobField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from db.accounts import Account
from db.base import BaseModel
from db.clock import utcnow
from db.codes import CodeSet
from db.dossiers import Dossier
from db.enterprises import Enterprise
from db.fields import SearchKeyField, starts_with


class MessageStatus(CodeSet):
    # claimed by one app process, its records being processed
    PROCESSING = "processing", _l("being processed")
    PROCESSED = "processed", _l("processed")


class Channel(CodeSet):
    """How the message came in."""

    HTTP = "http", _l("sent by the enterprise's system")
    UPLOAD = "upload", _l("uploaded on the web")


class RecordType(CodeSet):
    """The records a message holds (the schema's element names), named as the manual's functions."""

    REQUEST = "request", _l("Request")
    TRANSFER = "transfer", _l("Transfer")
    ACTIVATION = "activation", _l("Activation")
    MODIFICATION = "modification", _l("Modification")
    STOP_REDUCTION = "stopReduction", _l("Stop of the reduction")
    STOP_TARIFF = "stopTariff", _l("Stop of the social tariff")
    CANCEL = "cancel", _l("Cancellation of an action")


class RecordStatus(CodeSet):
    ACCEPTED = "accepted", _l("accepted")
    REFUSED = "refused", _l("refused")


class ReceivedMessage(BaseModel):
    """One message an enterprise sent, kept with its acknowledgement for the history.

    (enterprise, message_id) is unique: the row decides which of two copies arriving at once is
    processed; the other gets the stored acknowledgement, byte for byte.
    """

    enterprise = ForeignKeyField(Enterprise, backref="+", on_delete="CASCADE")
    # compared byte by byte: the history finds ids by their beginning
    message_id = SearchKeyField(max_length=64)
    # SHA-256 of the body as received: the same id with another body is refused
    body_sha256 = CharField(max_length=64)
    channel = CharField(max_length=8, default=Channel.HTTP)
    sender = ForeignKeyField(Account, null=True, backref="+", on_delete="SET NULL")
    sender_name = CharField(max_length=210, default="")
    status = CharField(max_length=12, default=MessageStatus.PROCESSING)
    # the sender's creation time (header), and ours
    created_at = DateTimeField(null=True)
    received_at = DateTimeField(default=utcnow)
    # the processing process says it is alive; a message left 'processing' by a process that died
    # is taken over by the next copy once this is old
    heartbeat_at = DateTimeField(default=utcnow)
    processed_at = DateTimeField(null=True)
    records = IntegerField(default=0)
    accepted = IntegerField(default=0)
    refused = IntegerField(default=0)
    size = IntegerField(default=0)
    # zlib-compressed: the message as received, and the acknowledgement as answered
    body = BlobField(null=True)
    acknowledgement = BlobField(null=True)

    class Meta:
        indexes = (
            (("enterprise", "message_id"), True),
            # the history, newest first, paged by key
            (("enterprise", "id"), False),
            # the purge
            (("received_at",), False),
        )

    def __str__(self):
        return self.message_id

    @property
    def is_processed(self):
        return self.status == MessageStatus.PROCESSED

    def body_bytes(self):
        """The message as received."""
        return zlib.decompress(self.body) if self.body is not None else b""

    def acknowledgement_bytes(self):
        """The acknowledgement exactly as it was answered."""
        return zlib.decompress(self.acknowledgement) if self.acknowledgement is not None else b""

    @classmethod
    def of_enterprise(cls, enterprise):
        """The enterprise's messages: the start of every query on them."""
        return cls.select().where(cls.enterprise == enterprise)

    @classmethod
    def by_message_id(cls, enterprise, message_id):
        """The enterprise's message with this id, or None."""
        return cls.of_enterprise(enterprise).where(cls.message_id == message_id).first()

    @classmethod
    def history(cls, enterprise, message_id="", sender=None, before_id=None, limit=25):
        """A page of the enterprise's messages, newest first (by key: those older than `before_id`),
        without their bodies; `message_id`: the ids that start with it; `sender`: only theirs."""
        fields = [f for f in cls._meta.sorted_fields if f.name not in ("body", "acknowledgement")]
        query = cls.select(*fields).where(cls.enterprise == enterprise)
        if message_id:
            query = query.where(starts_with(cls.message_id, message_id))
        if sender is not None:
            query = query.where(cls.sender == sender)
        if before_id:
            query = query.where(cls.id < before_id)
        return query.order_by(cls.id.desc()).limit(limit)

    @classmethod
    def received_before(cls, moment):
        """The messages received before `moment`, at every enterprise (for the purge)."""
        return cls.select().where(cls.received_at < moment)


class MessageRecord(BaseModel):
    """The outcome of one record of a message, written in the record's own transaction: a message
    taken over after a crash goes on after the records already done."""

    message = ForeignKeyField(ReceivedMessage, backref="+", on_delete="CASCADE")
    # the record's place in the message, and the sender's sequence number
    position = IntegerField()
    sequence = IntegerField()
    kind = CharField(max_length=16)
    status = CharField(max_length=8)
    dossier = ForeignKeyField(Dossier, null=True, backref="+", on_delete="SET NULL")
    dossier_status = CharField(max_length=24, default="")
    code = CharField(max_length=64, default="")
    field = CharField(max_length=32, default="")
    text = TextField(default="")

    class Meta:
        indexes = ((("message", "position"), True),)

    @classmethod
    def of_message(cls, message):
        """The message's record outcomes, in the message's order."""
        return cls.select().where(cls.message == message).order_by(cls.position)
