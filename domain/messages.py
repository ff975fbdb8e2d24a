"""Receiving a structured message: checked whole first, then each record in its own transaction
through the same domain functions as the screens, and an acknowledgement that lists every record.

Idempotent: a (sender enterprise, message id) row decides. The same message sent again gets the
stored acknowledgement, byte for byte, and changes nothing; the same id with another body is
refused and the stored one kept; of two copies arriving at once on two processes, one is
processed and the other waits for its acknowledgement.
"""

import hashlib
import logging
import time
import zlib
from datetime import timedelta
from itertools import islice

from flask_babel import lazy_gettext as _l
from peewee import IntegrityError, fn

from db.base import database
from db.clock import utcnow
from db.messages import Channel, MessageRecord, MessageStatus, ReceivedMessage, RecordStatus
from domain import audit, message_records
from domain.message_format import MessageRefused, read_message, write_acknowledgement
from domain.profiles import granted_functions

logger = logging.getLogger(__name__)

# a message whose process stopped saying it is alive this long ago is taken over by the next copy
LEASE = timedelta(minutes=2)
# records commit in groups: each record is a savepoint of its own (a refused or broken record is
# undone alone, with the outcome it had), and one commit per group spares the database a log write
# per record; a group holds the write lock for about 50 ms
GROUP = 50
# how long a copy waits for the acknowledgement of the same message processed by another process
WAIT_SECONDS = 30
OUTCOME_PAGE = 5000

SENDER_MISMATCH = _l("The sender's KBO number in the header is not that of the enterprise signed in.")
ID_REUSED = _l("This message id was used before for another message. That message is kept; give this "
               "one an id of its own.")
BEING_PROCESSED = _l("This message is being processed. Ask again later for its acknowledgement.")


def body_digest(file):
    """(SHA-256 hex digest, size) of a binary file, read in chunks from its start."""
    digest, size = hashlib.sha256(), 0
    file.seek(0)
    while chunk := file.read(1 << 16):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def receive(actor, file, channel=Channel.HTTP):
    """Process the message in the binary, seekable `file` for `actor` (the technical sender, or a
    person uploading it); the ReceivedMessage with its acknowledgement, or MessageRefused.

    Nothing is applied unless the whole message is valid: it is read once to check it, once to
    process it. The refusal of a whole message is audited; its texts are in the current language.
    """
    try:
        header, count = _inspect(actor, file)
        digest, size = body_digest(file)
        message, ours = _claim(actor, header, digest, size, channel)
    except MessageRefused as refusal:
        _record_refused(actor, refusal)
        raise
    if ours:
        _process(actor, message, file, header, count)
    return message


def _inspect(actor, file):
    """Read the whole message once, validating it: its Header and number of records."""
    file.seek(0)
    parts = read_message(file)
    header = next(parts)
    if header.sender_kbo != actor.enterprise.kbo_number:
        raise MessageRefused("SENDER_MISMATCH", SENDER_MISMATCH, status=403, element="senderKbo",
                             message_id=header.message_id)
    count = sum(1 for _record in parts)
    file.seek(0)
    return header, count


def _claim(actor, header, digest, size, channel):
    """(message, True) when this process is to process it; (message, False) with the stored
    acknowledgement; MessageRefused for an id reused with another body."""
    try:
        with database.atomic():
            return ReceivedMessage.create(
                enterprise=actor.enterprise, message_id=header.message_id, body_sha256=digest, size=size,
                channel=channel, sender=actor.account, sender_name=actor.name, created_at=header.created_at,
            ), True
    except IntegrityError:
        pass
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        stored = ReceivedMessage.by_message_id(actor.enterprise, header.message_id)
        if stored.body_sha256 != digest:
            raise MessageRefused("MESSAGE_ID_REUSED", ID_REUSED, status=409, element="messageId",
                                 message_id=header.message_id)
        if stored.is_processed:
            return stored, False
        if _take_over(stored):
            return ReceivedMessage.get_by_id(stored.id), True
        if time.monotonic() > deadline:
            raise MessageRefused("BEING_PROCESSED", BEING_PROCESSED, status=409, message_id=header.message_id)
        time.sleep(0.1)


def _take_over(stored):
    """True when `stored`'s processing process stopped (its lease ran out) and this one takes over."""
    if utcnow() - stored.heartbeat_at < LEASE:
        return False
    return bool(ReceivedMessage.update(heartbeat_at=utcnow())
                .where((ReceivedMessage.id == stored.id)
                       & (ReceivedMessage.heartbeat_at == stored.heartbeat_at)
                       & (ReceivedMessage.status == MessageStatus.PROCESSING)).execute())


def _process(actor, message, file, header, count):
    """Each record in a savepoint of its own, a group of them per transaction; then the
    acknowledgement, stored with the message."""
    functions = granted_functions(actor.account) if actor.account is not None else frozenset()
    done = {row.position for row in MessageRecord.select(MessageRecord.position)
            .where(MessageRecord.message == message)}
    parts = read_message(file, validate=False)
    next(parts)
    to_do = (record for record in parts if record.position not in done)  # not done before a takeover
    while group := list(islice(to_do, GROUP)):
        with database.atomic():
            for record in group:
                _process_record(actor, message, functions, record)
            # alive: another copy of the message does not take it over
            ReceivedMessage.update(heartbeat_at=utcnow()).where(ReceivedMessage.id == message.id).execute()
    _finish(actor, message, file, header, count)


def _process_record(actor, message, functions, record):
    """The record's changes and its outcome row are kept or undone together: a message taken over
    after a crash goes on after the last record whose outcome is stored, and none is applied twice
    (the outcome's unique position refuses a second one)."""
    try:
        with database.atomic():
            dossier = message_records.apply(actor, functions, record)
            _store_outcome(actor, message, record, dossier, None)
        return
    except message_records.RecordRefused as refused:
        dossier, refusal = refused.dossier, refused.refusal
    except Exception:
        if MessageRecord.select().where((MessageRecord.message == message)
                                        & (MessageRecord.position == record.position)).exists():
            return  # done meanwhile by a process that still held the message
        # a bug: logged, and the record refused; the other records still count
        logger.exception("record %s of message %s could not be processed", record.sequence,
                         message.message_id)
        dossier, refusal = None, None
    with database.atomic():
        _store_outcome(actor, message, record, dossier, refusal, internal_error=refusal is None)


def _store_outcome(actor, message, record, dossier, refusal, internal_error=False):
    refused = internal_error or refusal is not None
    if internal_error:
        code, field, text = message_records.INTERNAL_ERROR, "", str(_l("This record could not be processed."))
    elif refusal is not None:
        code, field = message_records.code_of(refusal), message_records.element_of(refusal.field)
        text = str(refusal.message)
    else:
        code = field = text = ""
    status = RecordStatus.REFUSED if refused else RecordStatus.ACCEPTED
    MessageRecord.create(message=message.id, position=record.position, sequence=record.sequence,
                         kind=record.kind, status=status, dossier=dossier.id if dossier else None,
                         dossier_status=dossier.status if dossier else "", code=code, field=field,
                         text=text)
    audit.record(actor, f"exchange.record_{status}", subject=dossier or message, enterprise=actor.enterprise,
                 changes={"message_id": message.message_id, "sequence": record.sequence, "type": record.kind,
                          **({"code": code} if code else {})})


def _finish(actor, message, file, header, count):
    counts = dict(MessageRecord.select(MessageRecord.status, fn.COUNT(MessageRecord.id))
                  .where(MessageRecord.message == message).group_by(MessageRecord.status).tuples())
    accepted, refused = counts.get(RecordStatus.ACCEPTED, 0), counts.get(RecordStatus.REFUSED, 0)
    processed_at = utcnow()
    acknowledgement = _Compressed()
    write_acknowledgement(acknowledgement, header, message.received_at, processed_at,
                          {"records": count, "accepted": accepted, "refused": refused}, _outcomes(message))
    body = _Compressed()
    file.seek(0)
    while chunk := file.read(1 << 16):
        body.write(chunk)
    values = {"status": MessageStatus.PROCESSED, "processed_at": processed_at, "records": count,
              "accepted": accepted, "refused": refused, "acknowledgement": acknowledgement.value(),
              "body": body.value()}
    with database.atomic():
        ReceivedMessage.update(**values).where(ReceivedMessage.id == message.id).execute()
        audit.record(actor, "exchange.message_processed", subject=message, enterprise=actor.enterprise,
                     changes={"message_id": message.message_id, "records": count, "accepted": accepted,
                              "refused": refused})
    for name, value in values.items():
        setattr(message, name, value)


def _outcomes(message):
    """The message's record outcomes in order, a page at a time (bounded memory on any database)."""
    after = 0
    while True:
        page = list(MessageRecord.of_message(message).where(MessageRecord.position > after)
                    .limit(OUTCOME_PAGE))
        yield from page
        if len(page) < OUTCOME_PAGE:
            return
        after = page[-1].position


def _record_refused(actor, refusal):
    if actor.enterprise is None:
        return
    audit.record(actor, "exchange.message_refused", subject=actor.enterprise, enterprise=actor.enterprise,
                 changes={"code": refusal.code, "message_id": refusal.message_id, "line": refusal.line,
                          "element": refusal.element})


class _Compressed:
    """A write-only file that keeps what is written zlib-compressed."""

    def __init__(self):
        self._compressor, self._parts = zlib.compressobj(6), []

    def write(self, data):
        self._parts.append(self._compressor.compress(bytes(data)))
        return len(data)

    def value(self):
        self._parts.append(self._compressor.flush())
        return b"".join(self._parts)


# -- the history ---------------------------------------------------------------------------------

def purge_messages(actor, older_than_days):
    """Delete the messages received more than `older_than_days` days ago, with their records;
    one audit event per enterprise. Returns how many were deleted."""
    moment = utcnow() - timedelta(days=older_than_days)
    per_enterprise = dict(ReceivedMessage.select(ReceivedMessage.enterprise, fn.COUNT(ReceivedMessage.id))
                          .where(ReceivedMessage.received_at < moment)
                          .group_by(ReceivedMessage.enterprise).tuples())
    with database.atomic():
        MessageRecord.delete().where(MessageRecord.message.in_(
            ReceivedMessage.select(ReceivedMessage.id).where(ReceivedMessage.received_at < moment))).execute()
        deleted = ReceivedMessage.delete().where(ReceivedMessage.received_at < moment).execute()
        for enterprise_id, number in per_enterprise.items():
            audit.record(actor, "exchange.messages_purged", enterprise=enterprise_id, changes={
                "messages": number, "received_before": moment.isoformat(timespec="seconds")})
    return deleted
