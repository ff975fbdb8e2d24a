"""Sending e-mail: one small module for every e-mail the product sends (the Routing Module's task
notices; invitations later). Through the SMTP server the settings name; without one, the e-mail
is written to the log instead, so a development machine sends nothing.

    mail.configure(app.config)       # once, at start (STTS_SMTP_*)
    mail.send("ops@bucom.example", "Subject", "Text")
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import UTC
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from db.clock import utcnow

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The SMTP server could not be reached or refused the e-mail (the reason, without secrets)."""


@dataclass(frozen=True)
class MailSettings:
    host: str = ""
    port: int = 587
    user: str = ""
    password: str = ""
    starttls: bool = True
    sender: str = "STTS <no-reply@localhost>"
    timeout: float = 10.0

    def __repr__(self):
        # never the password, not even in a traceback
        return (f"MailSettings(host={self.host!r}, port={self.port}, user={self.user!r}, "
                f"starttls={self.starttls})")


_settings = MailSettings()


def configure(config):
    """Take the SMTP settings from a mapping (the app's config: SMTP_HOST, SMTP_PORT, ...)."""
    global _settings
    _settings = MailSettings(
        host=config.get("SMTP_HOST") or "", port=int(config.get("SMTP_PORT") or 587),
        user=config.get("SMTP_USER") or "", password=config.get("SMTP_PASSWORD") or "",
        starttls=bool(config.get("SMTP_STARTTLS", True)),
        sender=config.get("SMTP_FROM") or MailSettings.sender)
    return _settings


def settings():
    """The SMTP settings in use."""
    return _settings


def compose(to, subject, text, sender=None):
    """The e-mail as it is sent: plain text, UTF-8, with its date and a message id."""
    message = EmailMessage()
    message["From"] = sender or _settings.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow().replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid(domain=message["From"].addresses[0].domain or "localhost")
    message.set_content(text)
    return message


def send(to, subject, text):
    """Send a plain-text e-mail to `to`; MailNotSent when the server did not take it."""
    message = compose(to, subject, text)
    current = _settings
    if not current.host:
        logger.info("No SMTP server is set (STTS_SMTP_HOST); this e-mail is not sent:\n%s", message)
        return message
    try:
        with smtplib.SMTP(current.host, current.port, timeout=current.timeout) as server:
            if current.starttls:
                server.starttls()
            if current.user:
                server.login(current.user, current.password)
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailNotSent(f"{type(error).__name__}: {error}") from error
    return message
