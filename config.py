"""Configuration read from the environment, with defaults that let `make run` work as it is."""

import os
import secrets
import time
from pathlib import Path

INSTANCE_PATH = Path(__file__).resolve().parent / "instance"


def from_environment(environ=os.environ):
    """The settings for create_app, from environment variables (see README, "Configuration")."""
    return {
        "DATABASE_URL": environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_PATH / 'stts.sqlite3'}"),
        # absent: create_app reads (or makes once) instance/secret_key
        "SECRET_KEY": environ.get("SECRET_KEY"),
        "DEMO": environ.get("STTS_DEMO", "1") != "0",
        "SESSION_COOKIE_SECURE": environ.get("STTS_SECURE_COOKIES", "0") == "1",
        "REMEMBER_COOKIE_SECURE": environ.get("STTS_SECURE_COOKIES", "0") == "1",
        "TRUSTED_PROXIES": int(environ.get("STTS_TRUSTED_PROXIES", "0")),
        # Flask-Limiter's store: memory:// serves one process; redis://host:6379 is shared by several
        "RATELIMIT_STORAGE_URI": environ.get("STTS_RATELIMIT_STORAGE",
                                             environ.get("STTS_RATELIMIT_STORAGE_URI", "memory://")),
        # per client address (see SECURITY.md, "Rate limits")
        "LOGIN_RATE_LIMIT": environ.get("STTS_LOGIN_RATE_LIMIT", "30 per minute"),
        # the user list's htmx answers each process remembers (web.answer_cache); 0: none
        "ANSWER_CACHE_SIZE": int(environ.get("STTS_ANSWER_CACHE_SIZE", "512")),
        # PostgreSQL: prepare the hot statements on the server (db.prepared); 0 behind a PgBouncer
        # in transaction mode, which hands each transaction another server connection
        "PREPARE_ON_SERVER": environ.get("STTS_PREPARE_ON_SERVER", "1") != "0",
        "ACCESS_REQUEST_RATE_LIMIT": environ.get("STTS_ACCESS_REQUEST_RATE_LIMIT", "10 per hour"),
        "TICKET_LOOKUP_RATE_LIMIT": environ.get("STTS_TICKET_LOOKUP_RATE_LIMIT", "20 per minute"),
        "ELIGIBILITY_RATE_LIMIT": environ.get("STTS_ELIGIBILITY_RATE_LIMIT", "60 per minute"),
        "CHANNEL_RATE_LIMIT": environ.get("STTS_CHANNEL_RATE_LIMIT", "120 per minute"),
        # the structured-message channel (see docs/xml/README.md)
        "MAX_MESSAGE_BYTES": int(environ.get("STTS_MAX_MESSAGE_BYTES", str(20 * 1024 * 1024))),
        "MESSAGE_RETENTION_DAYS": int(environ.get("STTS_MESSAGE_RETENTION_DAYS", "180")),
        "CLIENT_CERT_HEADER": environ.get("STTS_CLIENT_CERT_HEADER", "X-Client-Cert-SHA256"),
        "TRUSTED_PROXY_ADDRESSES": environ.get("STTS_TRUSTED_PROXY_ADDRESSES", ""),
        # e-mail (domain.mail); without a host, e-mails are written to the log
        "SMTP_HOST": environ.get("STTS_SMTP_HOST", ""),
        "SMTP_PORT": int(environ.get("STTS_SMTP_PORT", "587")),
        "SMTP_USER": environ.get("STTS_SMTP_USER", ""),
        "SMTP_PASSWORD": environ.get("STTS_SMTP_PASSWORD", ""),
        "SMTP_STARTTLS": environ.get("STTS_SMTP_STARTTLS", "1") == "1",
        # accounts (issue 15): the grace period to set up a required second factor, inactivity
        "SECOND_FACTOR_GRACE_DAYS": int(environ.get("STTS_SECOND_FACTOR_GRACE_DAYS", "7")),
        "INACTIVE_DAYS": int(environ.get("STTS_INACTIVE_DAYS", "180")),
        "SMTP_FROM": environ.get("STTS_SMTP_FROM", "STTS <no-reply@localhost>"),
    }


def instance_secret_key(instance_path):
    """The secret key kept in instance/secret_key, created once on first start (never committed)."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: when several processes start at once, exactly one writes the key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_when_written(path)
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_hex(32))
    return path.read_text().strip()


def _read_when_written(path, attempts=50):
    # another process may have created the file an instant ago and not written it yet
    for _ in range(attempts):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty: remove it to have a new key made")
