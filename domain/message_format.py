"""The XML of the structured-message channel (schema `stts-1.xsd`): reading a message as it
streams, safely, and writing acknowledgements, errors and feeds of the same schema family.

Reading never expands anything: a DOCTYPE (and so any entity) is refused at the root, before a
single entity could be expanded; the parser resolves no entity, loads no DTD and opens no network.
A large message is read as a stream: the header and then each record are validated against their
own declaration in the schema and cleared, so memory stays bounded whatever the file's size.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from lxml import etree

NAMESPACE = "urn:be:socialsecurity:stts:1"
SCHEMA_VERSION = "1"
SCHEMA_FILE = Path(__file__).resolve().parent / "xml" / "stts-1.xsd"
RECORD_TYPES = ("request", "transfer", "activation", "modification", "stopReduction", "stopTariff", "cancel")

_NS = f"{{{NAMESPACE}}}"
_MESSAGE, _HEADER, _RECORDS = f"{_NS}message", f"{_NS}header", f"{_NS}records"
_RECORD_TAGS = {f"{_NS}{name}": name for name in RECORD_TYPES}
_ELEMENT_IN_ERROR = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")
_PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
                   "remove_comments": True, "remove_pis": True}


class MessageRefused(Exception):
    """The message as a whole is not processed: a stable `code`, the `text` for the sender, the
    HTTP status, and where it went wrong (line, element) when that is known."""

    def __init__(self, code, text, status=400, line=None, element=None, message_id=None):
        super().__init__(code)
        self.code, self.text, self.status = code, text, status
        self.line, self.element, self.message_id = line, element, message_id


TOO_MANY = _l("Too many requests from this address. Wait the seconds that Retry-After says and send again.")
MALFORMED = _l("The message is not well-formed XML: %(problem)s")
DOCTYPE = _l("A message may not contain a DOCTYPE or an entity declaration.")
NOT_A_MESSAGE = _l("The root element must be 'message' in the namespace %(namespace)s.")
INVALID = _l("The message does not follow the schema stts-1.xsd: %(problem)s")
UNEXPECTED = _l("The element '%(element)s' is not expected here.")
UNEXPECTED_TEXT = _l("Text is not expected between the elements here.")
NO_RECORDS = _l("The message has no records.")
DUPLICATE_SEQUENCE = _l("The sequence number %(sequence)s is used twice in this message.")


def said(message, **values):
    """`message` (a lazy string) with `values`, put in words when shown, in the reader's language."""
    return LazyString(lambda: str(message) % {name: str(value) if isinstance(value, LazyString) else value
                                              for name, value in values.items()})


@dataclass(frozen=True)
class Header:
    message_id: str
    sender_kbo: str
    created_at: datetime | None
    schema_version: str


@dataclass(frozen=True)
class Record:
    """One record of a message: its place, the sender's sequence number, its type (`request`...),
    its line, and its elements' texts by local name ('' for an empty element)."""

    position: int
    sequence: int
    kind: str
    line: int
    values: dict


@cache
def schema():
    """The compiled schema, once per process."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), etree.XMLParser(**_PARSER_OPTIONS)))


def read_message(file, validate=True):
    """Yield the message's Header, then each Record in order, from the binary `file`.

    With `validate`, the header and every record are checked against the schema and the
    sequence numbers must be unique; MessageRefused says what is wrong and where. Each record's
    element is cleared once read.
    """
    seen = set()
    position = 0
    depth = 0
    header = records = None
    try:
        for event, element in etree.iterparse(file, events=("start", "end"), **_PARSER_OPTIONS):
            if event == "start":
                depth += 1
                if depth == 1:
                    _check_root(element)
                elif depth == 2:
                    _check_part(element, header, records)
                    if element.tag == _RECORDS:
                        records = element
                elif depth == 3 and element.getparent() is records:
                    _check_record_start(element)
                continue
            depth -= 1
            if depth == 1 and element.tag == _HEADER:
                header = _header(element, validate)
                yield header
            elif depth == 2 and element.getparent() is records:
                position += 1
                record = _record(element, position, validate)
                if validate:
                    if record.sequence in seen:
                        raise MessageRefused("DUPLICATE_SEQUENCE",
                                             said(DUPLICATE_SEQUENCE, sequence=record.sequence),
                                             line=record.line, element=record.kind,
                                             message_id=header.message_id)
                    seen.add(record.sequence)
                yield record
                _forget(element)
            elif depth == 1 and element.tag == _RECORDS:
                _check_tail(element[-1] if len(element) else None, element)
                if position == 0:
                    raise MessageRefused("SCHEMA_INVALID", NO_RECORDS, line=element.sourceline,
                                         element="records")
            elif depth == 0 and records is None:
                raise MessageRefused("SCHEMA_INVALID", said(INVALID, problem=_l(
                    "the element 'records' is missing.")), line=element.sourceline, element="message")
    except etree.XMLSyntaxError as error:
        raise MessageRefused("MALFORMED", said(MALFORMED, problem=error.msg),
                             line=error.lineno or None) from error


def _check_root(element):
    docinfo = element.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url:
        raise MessageRefused("DOCTYPE_FORBIDDEN", DOCTYPE, line=1)
    if element.tag != _MESSAGE:
        raise MessageRefused("NOT_A_MESSAGE", said(NOT_A_MESSAGE, namespace=NAMESPACE),
                             line=element.sourceline, element=etree.QName(element).localname)
    _check_no_attributes(element)


def _check_part(element, header, records):
    """The message holds its header, then its records, and nothing else."""
    expected = _HEADER if header is None and records is None else _RECORDS if records is None else None
    if element.tag != expected:
        raise _unexpected(element)
    _check_no_attributes(element)
    _check_tail(element.getprevious(), element.getparent())


def _check_record_start(element):
    if element.tag not in _RECORD_TAGS:
        raise _unexpected(element)
    _check_tail(element.getprevious(), element.getparent())


def _check_no_attributes(element):
    if element.attrib:
        raise MessageRefused("SCHEMA_INVALID", said(INVALID, problem=_l(
            "the element '%(element)s' has no attributes.", element=etree.QName(element).localname)),
            line=element.sourceline, element=etree.QName(element).localname)


def _check_tail(previous, parent):
    text = previous.tail if previous is not None else parent.text
    if text and text.strip():
        raise MessageRefused("SCHEMA_INVALID", UNEXPECTED_TEXT, line=parent.sourceline,
                             element=etree.QName(parent).localname)


def _unexpected(element):
    name = etree.QName(element).localname
    return MessageRefused("SCHEMA_INVALID", said(INVALID, problem=said(UNEXPECTED, element=name)),
                          line=element.sourceline, element=name)


def _validated(element):
    checker = schema()
    if not checker.validate(element):
        entry = checker.error_log.last_error
        found = _ELEMENT_IN_ERROR.search(entry.message)
        problem = _ELEMENT_IN_ERROR.sub(lambda m: f"Element '{m.group(1)}'", entry.message)
        raise MessageRefused("SCHEMA_INVALID", said(INVALID, problem=problem), line=entry.line or None,
                             element=found.group(1) if found else etree.QName(element).localname)


def _header(element, validate):
    if validate:
        _validated(element)
    values = _texts(element)
    return Header(message_id=values.get("messageId", ""), sender_kbo=values.get("senderKbo", ""),
                  created_at=_datetime(values.get("createdAt", "")),
                  schema_version=values.get("schemaVersion", ""))


def _record(element, position, validate):
    if validate:
        _validated(element)
    return Record(position=position, sequence=int(element.get("sequence")), kind=_RECORD_TAGS[element.tag],
                  line=element.sourceline, values=_texts(element))


def _texts(element):
    return {child.tag[len(_NS):] if child.tag.startswith(_NS) else child.tag: (child.text or "").strip()
            for child in element}


def _forget(element):
    # the record is read: free it, and every record before it
    element.clear(keep_tail=True)
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def _datetime(text):
    """An xs:dateTime as naive UTC (no offset: UTC), or None when Python cannot hold it."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


# -- writing -------------------------------------------------------------------------------------

def qualified(name):
    """The element name `name` in the channel's namespace."""
    return f"{_NS}{name}"


def element(name, text=None, attributes=None, children=()):
    """An element of the namespace with its text, attributes and children (None values left out)."""
    node = etree.Element(qualified(name), {k: str(v) for k, v in (attributes or {}).items() if v is not None},
                         nsmap={None: NAMESPACE})
    if text is not None:
        node.text = str(text)
    for child in children:
        if child is not None:
            node.append(child)
    return node


def optional(name, value):
    """An element only when `value` is given."""
    return element(name, value) if value not in (None, "") else None


def document(root):
    """The bytes of a document with `root`: UTF-8 with its declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def xml_datetime(moment):
    """A naive UTC datetime as xs:dateTime ('2026-03-01T09:30:00Z')."""
    return moment.replace(microsecond=0, tzinfo=UTC).isoformat().replace("+00:00", "Z")


def error_document(refusal):
    """The <error> answer for a MessageRefused (its text in the current language)."""
    return document(element("error", children=[
        element("code", refusal.code), element("text", str(refusal.text)),
        optional("line", refusal.line), optional("element", refusal.element),
        optional("messageId", refusal.message_id)]))


def write_acknowledgement(out, header, received_at, processed_at, counts, outcomes):
    """Write the <acknowledgement> to the binary file `out`: the header with the counts
    ({'records', 'accepted', 'refused'}), then every record's outcome (an iterable of MessageRecord)."""
    with etree.xmlfile(out, encoding="UTF-8") as xml:
        xml.write_declaration()
        with xml.element(qualified("acknowledgement"), nsmap={None: NAMESPACE}):
            xml.write(element("header", children=[
                element("messageId", header.message_id), element("senderKbo", header.sender_kbo),
                element("receivedAt", xml_datetime(received_at)),
                element("processedAt", xml_datetime(processed_at)),
                element("schemaVersion", SCHEMA_VERSION),
                element("records", counts["records"]), element("accepted", counts["accepted"]),
                element("refused", counts["refused"])]))
            with xml.element(qualified("records")):
                for outcome in outcomes:
                    _write_outcome(xml, outcome)


def _write_outcome(xml, outcome):
    # written part by part: a detached element would declare the namespace again on every record
    attributes = {"sequence": str(outcome.sequence), "type": outcome.kind, "status": outcome.status}
    with xml.element(qualified("record"), attributes):
        for name, value in (("dossierId", outcome.dossier_id), ("dossierStatus", outcome.dossier_status)):
            if value not in (None, ""):
                with xml.element(qualified(name)):
                    xml.write(str(value))
        if outcome.code:
            refusal = {"code": outcome.code, **({"field": outcome.field} if outcome.field else {})}
            with xml.element(qualified("refusal"), refusal):
                xml.write(outcome.text)
