"""The machine side of the structured-message channel: who is sending (the enterprise's registered
technical sender: HTTP Basic with that user's password, or the client certificate the TLS proxy
vouches for), the body read with a cap, and every answer in XML.

The browser's session plays no part: a request is authenticated by the sender's credentials
alone, which is why CSRF does not apply to these routes.
"""

import ipaddress
import re
import tempfile
from functools import wraps

from flask import Response, current_app, g, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from db.accounts import Role
from db.applications import STTS, Application
from db.audit import System
from db.certificates import Certificate
from db.exchange import Authentication, ExchangeRegistration
from domain import auth
from domain.actors import Actor
from domain.certificates import usable_certificate
from domain.exchange import channel_covers
from domain.message_format import MessageRefused, error_document, said
from domain.refusals import NotAllowed, Refused

XML_TYPES = ("application/xml", "text/xml")
REALM = 'Basic realm="STTS structured messages", charset="UTF-8"'
CHUNK = 1 << 16
# up to this much of a body stays in memory; the rest goes to a temporary file
IN_MEMORY = 1 << 20
_HEX = re.compile(r"[0-9a-f]{64}")

UNAUTHENTICATED = _l("Authenticate as your enterprise's technical sender: HTTP Basic with its username and "
                     "password, or the registered certificate.")
SENDER_BLOCKED = _l("The technical sender is blocked. Your local administrator can unblock the user.")
SENDER_LOCKED = _l("The technical sender is locked for a while after too many failed sign-ins.")
NOT_TECHNICAL_SENDER = _l("This user is not your enterprise's registered technical sender.")
NOT_REGISTERED = _l("Your enterprise's structured-message channel is not registered for the STTS "
                    "application.")
WRONG_AUTHENTICATION = _l("Your enterprise's registration says the channel authenticates with %(way)s.")
UNTRUSTED_PROXY = _l("A client certificate is only accepted as passed on by the trusted TLS proxy.")
UNKNOWN_CERTIFICATE = _l("This certificate is not the valid, registered certificate of an enterprise.")
NO_SENDER = _l("Your enterprise has no technical sender. Your local administrator can choose one.")
WRONG_TYPE = _l("Send the message as XML: Content-Type application/xml.")
TOO_LARGE = _l("The message is larger than %(megabytes)d MB. Split it into several messages.")


def sender_required(view):
    """The view needs the registered technical sender of an enterprise; `g.actor` is it, acting
    through the channel. Otherwise an XML error: 401 (who?), 403 (not allowed)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        try:
            g.actor = authenticated_sender()
        except MessageRefused as refusal:
            return xml_error(refusal)
        with force_locale(g.actor.enterprise.language):
            return view(*args, **kwargs)

    return guarded


def authenticated_sender():
    """The Actor of the technical sender this request authenticates as, or MessageRefused."""
    address = request.remote_addr or ""
    credentials = request.authorization
    if credentials is not None and credentials.type == "basic":
        return _by_password(credentials.username or "", credentials.password or "", address)
    fingerprint = request.headers.get(current_app.config["CLIENT_CERT_HEADER"])
    if fingerprint:
        return _by_certificate(fingerprint, address)
    raise MessageRefused("UNAUTHENTICATED", UNAUTHENTICATED, status=401)


def _by_password(username, password, address):
    try:
        # the sign-in's own rules: the failure counts towards the account's lock-out
        account = auth.sign_in(Actor.visitor(address), username, password, roles=(Role.USER,)).account
    except NotAllowed as refusal:
        raise MessageRefused("SENDER_BLOCKED", SENDER_BLOCKED, status=403) from refusal
    except Refused as refusal:
        raise MessageRefused("UNAUTHENTICATED", refusal.message, status=401) from refusal
    registration = ExchangeRegistration.registration_of(account.enterprise)
    if registration is None or registration.technical_sender_id != account.id:
        raise MessageRefused("NOT_TECHNICAL_SENDER", NOT_TECHNICAL_SENDER, status=403)
    _check_registration(registration, Authentication.PASSWORD)
    return Actor.person(account, address, system=System.STRUCTURED_MESSAGES)


def _by_certificate(fingerprint, address):
    if not _from_trusted_proxy():
        raise MessageRefused("UNTRUSTED_PROXY", UNTRUSTED_PROXY, status=403)
    fingerprint = re.sub(r"[\s:]", "", fingerprint).lower()
    certificate = None
    if _HEX.fullmatch(fingerprint):
        certificate = Certificate.active_with_fingerprint(fingerprint).first()
    if certificate is None or usable_certificate(certificate.enterprise) != certificate:
        raise MessageRefused("UNKNOWN_CERTIFICATE", UNKNOWN_CERTIFICATE, status=401)
    registration = ExchangeRegistration.registration_of(certificate.enterprise)
    if registration is None:
        raise MessageRefused("NOT_REGISTERED", NOT_REGISTERED, status=403)
    _check_registration(registration, Authentication.CERTIFICATE)
    sender = registration.technical_sender
    if sender is None:
        raise MessageRefused("NO_TECHNICAL_SENDER", NO_SENDER, status=403)
    if sender.blocked:
        raise MessageRefused("SENDER_BLOCKED", SENDER_BLOCKED, status=403)
    if sender.is_locked():
        raise MessageRefused("SENDER_LOCKED", SENDER_LOCKED, status=403)
    return Actor.person(sender, address, system=System.STRUCTURED_MESSAGES)


def _check_registration(registration, authentication):
    if registration.authentication != authentication:
        way = Authentication.label_of(registration.authentication)
        raise MessageRefused("WRONG_AUTHENTICATION", said(WRONG_AUTHENTICATION, way=way), status=403)
    stts = Application.get_or_none(Application.code == STTS)
    if stts is None or not channel_covers(registration.enterprise, stts):
        raise MessageRefused("NOT_REGISTERED", NOT_REGISTERED, status=403)


def _from_trusted_proxy():
    """True when the connection itself (not a forwarded address) comes from a trusted proxy."""
    # ProxyFix (STTS_TRUSTED_PROXIES) rewrites REMOTE_ADDR to the client's; the peer is kept aside
    peer = request.environ.get("werkzeug.proxy_fix.orig", {}).get("REMOTE_ADDR") or request.environ.get(
        "REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    networks = trusted_proxies(current_app.config["TRUSTED_PROXY_ADDRESSES"])
    return any(address in network for network in networks)


def trusted_proxies(setting):
    """The networks of STTS_TRUSTED_PROXY_ADDRESSES ('10.0.0.5, 10.1.0.0/24')."""
    return [ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip()]


def spooled_body():
    """The request's XML body in a temporary file, read in chunks and never past the configured
    limit (a larger body is refused as soon as it is known to be too large: from its
    Content-Length before a byte is read, else as it streams in)."""
    if request.mimetype not in XML_TYPES:
        raise MessageRefused("UNSUPPORTED_MEDIA_TYPE", WRONG_TYPE, status=415)
    limit = current_app.config["MAX_MESSAGE_BYTES"]
    too_large = too_large_refusal(limit)
    if request.content_length is not None and request.content_length > limit:
        raise too_large
    request.max_content_length = limit
    return spool(request.stream, limit, too_large)


def too_large_refusal(limit):
    """The refusal of a message over `limit` bytes."""
    return MessageRefused("TOO_LARGE", said(TOO_LARGE, megabytes=max(limit // (1024 * 1024), 1)), status=413)


def spool(stream, limit, too_large):
    """Copy `stream` into a temporary file, in chunks, refusing it past `limit` bytes."""
    file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 (the caller closes it)
    size = 0
    try:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise too_large
            file.write(chunk)
    except RequestEntityTooLarge as error:
        file.close()
        raise too_large from error
    except MessageRefused:
        file.close()
        raise
    file.seek(0)
    return file


def xml_answer(body, status=200, **headers):
    """An XML answer that no cache keeps (it holds national register numbers)."""
    response = Response(body, status=status, mimetype="application/xml")
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(headers)
    return response


def xml_error(refusal):
    """The <error> answer of a refusal, with its status (and the way to authenticate, for 401)."""
    headers = {"WWW-Authenticate": REALM} if refusal.status == 401 else {}
    return xml_answer(error_document(refusal), refusal.status, **headers)
