"""The structured-message channel for the operators' systems: send a message, poll the feed, read
the schema. Authenticated as the enterprise's technical sender (web.channel), answered in XML."""

from flask import Blueprint, g, request, send_file

from db.messages import Channel
from domain import messages
from domain.feed import DEFAULT_LIMIT, feed
from domain.message_format import SCHEMA_FILE, TOO_MANY, MessageRefused
from web.channel import sender_required, spooled_body, xml_answer, xml_error
from web.errors import retry_after
from web.extensions import channel_limit, csrf
from web.forms import whole_number

bp = Blueprint("channel", __name__, url_prefix="/exchange")


@bp.post("/messages")
@channel_limit
@csrf.exempt  # the sender's credentials authenticate this request, never a browser's session
@sender_required
def receive():
    """A message of records: processed, answered with its acknowledgement (the stored one when
    the same message comes again)."""
    try:
        with spooled_body() as body:
            message = messages.receive(g.actor, body, Channel.HTTP)
    except MessageRefused as refusal:
        return xml_error(refusal)
    return xml_answer(message.acknowledgement_bytes())


@bp.get("/feed")
@channel_limit
@sender_required
def poll():
    """The operator's open tasks and the answers about its dossiers, new since ?after=CURSOR."""
    try:
        return xml_answer(feed(g.actor.enterprise, request.args.get("after", ""),
                               request.args.get("limit", DEFAULT_LIMIT, type=whole_number)))
    except MessageRefused as refusal:
        return xml_error(refusal)


@bp.errorhandler(429)
def too_many_requests(error):
    """Over the channel's rate limit: the XML error, with Retry-After."""
    response = xml_error(MessageRefused("TOO_MANY_REQUESTS", TOO_MANY, status=429))
    response.headers["Retry-After"] = str(retry_after())
    return response


@bp.get("/schema/stts-1.xsd")
def schema():
    """The published schema of the messages, acknowledgements, errors and feeds (public)."""
    return send_file(SCHEMA_FILE, mimetype="application/xml", max_age=3600)
