"""'Uitwisseling via gestructureerde berichten': 'Registratie van de nodige informatie'."""

from dataclasses import replace

from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from db.accounts import Role
from db.audit import System
from db.exchange import ExchangeRegistration
from db.messages import Channel, MessageRecord, ReceivedMessage, RecordStatus
from domain import messages
from domain.certificates import usable_certificate
from domain.exchange import channel_problems, register
from domain.message_format import MessageRefused
from domain.profiles import Function, Profile
from domain.refusals import Refused
from web.access import current_actor, get_or_404, requires, role_required, stts_functions, stts_user_required
from web.channel import spool, too_large_refusal, xml_answer
from web.errors import handle_http_error
from web.form_page import go_to, handle_form, show_refusal
from web.forms import whole_number
from web.rendering import render, wants_partial

from .forms import ExchangeForm, HistoryForm, UploadForm

bp = Blueprint("exchange", __name__, url_prefix="/exchange")
HISTORY_PAGE = 25
RECORDS_PAGE = 100
# what a multipart form adds around the file
FORM_OVERHEAD = 64 * 1024


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.LOCAL_ADMIN)
def index():
    """The technical sender, the channel's authentication and the applications it is used for."""
    form = registration_form()
    return handle_form(
        form, lambda: register(current_actor(), sender_id=form.technical_sender.data,
                               authentication=form.authentication.data,
                               application_codes=form.applications.data, version=form.version.data),
        page=exchange_page,
        done=go_to("exchange.index", lambda changed: _(
            "The information for the exchange via structured messages was saved.") if changed
            else _("Nothing was changed.")),
        fresh=lambda: registration_form(stored=True))


def registration_form(stored=False):
    """The registration form as posted, or filled from the stored registration."""
    enterprise = current_user.enterprise
    return ExchangeForm.for_registration(ExchangeRegistration.registration_of(enterprise),
                                         ExchangeRegistration.sender_candidates(enterprise), stored=stored)


def exchange_page(form, status):
    """The registration page (or its form, for htmx)."""
    enterprise = current_user.enterprise
    return render("exchange/index.html", "exchange/_registration.html", status=status, form=form,
                  problems=channel_problems(ExchangeRegistration.registration_of(enterprise)),
                  certificate=usable_certificate(enterprise))


# -- the web upload and the history ----------------------------------------------------------------

@bp.url_value_preprocessor
def allow_large_messages(endpoint, values):
    """An upload may be as large as a message (STTS_MAX_MESSAGE_BYTES), not just a form: set before
    the CSRF check reads the form."""
    if endpoint == "exchange.upload":
        request.max_content_length = current_app.config["MAX_MESSAGE_BYTES"] + FORM_OVERHEAD


@bp.route("/upload", methods=["GET", "POST"])
@stts_user_required
def upload():
    """'Send a file': a message of records processed as the enterprise's system would send it."""
    form = UploadForm()
    return handle_form(form, lambda: receive_upload(form), page=upload_page, done=to_message)


def receive_upload(form):
    """Process the uploaded file as a message from the signed-in person, through the channel."""
    actor = replace(current_actor(), system=System.STRUCTURED_MESSAGES)
    limit = current_app.config["MAX_MESSAGE_BYTES"]
    try:
        with spool(form.message_file.data.stream, limit, too_large_refusal(limit)) as body, \
                force_locale(actor.enterprise.language):
            return messages.receive(actor, body, Channel.UPLOAD)
    except MessageRefused as refusal:
        raise Refused(described(refusal), "message_file", status=refusal.status) from refusal


def described(refusal):
    """A refusal of a whole message, as the upload page says it: where, then what."""
    if refusal.line and refusal.element:
        return _("Line %(line)s, element '%(element)s': %(text)s", line=refusal.line, element=refusal.element,
                 text=refusal.text)
    if refusal.line:
        return _("Line %(line)s: %(text)s", line=refusal.line, text=refusal.text)
    return str(refusal.text)


def upload_page(form, status):
    return render("exchange/upload.html", "exchange/_upload.html", status=status, form=form,
                  megabytes=current_app.config["MAX_MESSAGE_BYTES"] // (1024 * 1024))


def to_message(message):
    """After an upload: say what became of it, and show the message with its acknowledgement."""
    flash(_("The message %(id)s was processed: %(accepted)d records accepted, %(refused)d refused.",
            id=message.message_id, accepted=message.accepted, refused=message.refused), "success")
    target = url_for("exchange.message", message_id=message.id)
    if wants_partial():
        # htmx: a whole new page, not a swap into the form
        return "", 204, {"HX-Redirect": target}
    return redirect(target, code=303)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A file over the limit: said next to the field; other pages as usual."""
    if request.endpoint != "exchange.upload":
        return handle_http_error(error)
    form = UploadForm(formdata=None)
    return upload_page(form, show_refusal(form, Refused(too_large_refusal(
        current_app.config["MAX_MESSAGE_BYTES"]).text, "message_file", status=413)))


# who reads the history: the local admin and STTS 3 read every message; another STTS user, theirs
history_reader = requires(lambda account: account.is_local_admin or bool(stts_functions()))


def reads_every_message():
    return current_user.is_local_admin or current_user.stts_profile == Profile.STTS3


def visible_messages():
    """The messages the signed-in person may see, as a query."""
    query = ReceivedMessage.of_enterprise(current_user.enterprise)
    return query if reads_every_message() else query.where(ReceivedMessage.sender == current_user.id)


@bp.get("/history")
@history_reader
def history():
    """The messages received, newest first, searchable by message id, paged by key."""
    form = HistoryForm(request.args)
    before = request.args.get("before", type=whole_number)
    rows = list(ReceivedMessage.history(current_user.enterprise, message_id=form.message_id.data or "",
                                        sender=None if reads_every_message() else current_user.id,
                                        before_id=before, limit=HISTORY_PAGE + 1))
    return render("exchange/history.html", "exchange/_history.html", form=form, rows=rows[:HISTORY_PAGE],
                  next_before=rows[HISTORY_PAGE - 1].id if len(rows) > HISTORY_PAGE else None,
                  first_page=before is None, may_upload=bool(stts_functions()))


@bp.get("/history/<int:message_id>")
@history_reader
def message(message_id):
    """One message: who sent it when, its counts, its records' outcomes (paged), its files."""
    found = get_or_404(visible_messages().where(ReceivedMessage.id == message_id))
    after = request.args.get("after", 0, type=whole_number)
    refused_only = request.args.get("refused") == "1"
    records = MessageRecord.of_message(found).where(MessageRecord.position > after)
    if refused_only:
        records = records.where(MessageRecord.status == RecordStatus.REFUSED)
    records = list(records.limit(RECORDS_PAGE + 1))
    return render("exchange/message.html", message=found, records=records[:RECORDS_PAGE],
                  next_after=records[RECORDS_PAGE - 1].position if len(records) > RECORDS_PAGE else None,
                  refused_only=refused_only, may_open_dossiers=Function.SEARCH in stts_functions())


@bp.get("/history/<int:message_id>/message.xml")
@history_reader
def message_file(message_id):
    """The message as it was received."""
    found = get_or_404(visible_messages().where(ReceivedMessage.id == message_id))
    return xml_download(found.body_bytes(), f"{found.message_id}.xml")


@bp.get("/history/<int:message_id>/acknowledgement.xml")
@history_reader
def acknowledgement_file(message_id):
    """The message's acknowledgement, byte for byte as it was answered."""
    found = get_or_404(visible_messages().where(ReceivedMessage.id == message_id))
    return xml_download(found.acknowledgement_bytes(), f"{found.message_id}-acknowledgement.xml")


def xml_download(body, filename):
    return xml_answer(body, **{"Content-Disposition": f'attachment; filename="{filename}"'})
