"""Browser tests: Playwright drives Debian's Chromium against a server this suite starts on a
free port with a temporary database, or against a running instance given with --base-url."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("STTS_CHROMIUM", "/usr/bin/chromium")
# without these Chromium keeps calling home, which this network refuses
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class MailSink:
    """A real SMTP server (aiosmtpd) on a free local port: what the app e-mails lands here."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages = []
        self.port = _free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 OK"

    def last_to(self, address, seconds=10):
        """The text of the newest e-mail to `address`, waiting for it a little."""
        import email
        import email.policy

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for envelope in reversed(self.messages):
                if address in envelope.rcpt_tos:
                    parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
                    return parsed.get_content()
            time.sleep(0.1)
        raise AssertionError(f"no e-mail to {address}")


class LocalServer:
    """The app served by `flask run` on a free port, on its own SQLite file with the demo data."""

    def __init__(self, folder, mail_port=None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder / 'e2e.sqlite3'}",
            "SECRET_KEY": "e2e-secret",
            "STTS_DEMO": "1",
            "STTS_LOGIN_RATE_LIMIT": "1000 per minute",
            **({"STTS_SMTP_HOST": "127.0.0.1", "STTS_SMTP_PORT": str(mail_port), "STTS_SMTP_STARTTLS": "0"}
               if mail_port else {}),
        }
        self.process = None

    def flask(self, *args):
        return [sys.executable, "-m", "flask", "--app", "app", *args]

    def start(self):
        subprocess.run(self.flask("init-db"), cwd=ROOT, env=self.env, check=True, capture_output=True)
        self.process = subprocess.Popen(
            self.flask("run", "--port", str(self.port)), cwd=ROOT, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        self._wait_until_up()

    def reset_demo(self):
        subprocess.run(self.flask("reset-demo", "--yes"), cwd=ROOT, env=self.env, check=True,
                       capture_output=True)

    def nightly_job(self, days_later=0):
        """Run `flask stts recheck-eligibility` as the nightly job would, `days_later` days from now
        (the one clock, db.clock, moved in that process only)."""
        script = ("import datetime, sys; from db import clock; "
                  f"clock.freeze(clock.utcnow() + datetime.timedelta(days={int(days_later)})); "
                  "from app import create_app; "
                  "result = create_app().test_cli_runner().invoke(args=['stts', 'recheck-eligibility']); "
                  "print(result.output); sys.exit(result.exit_code)")
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=self.env, check=True,
                              capture_output=True, text=True)
        return done.stdout

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def _wait_until_up(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/login", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the app did not start")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def mail_sink():
    """The SMTP sink our own server sends its e-mail to."""
    sink = MailSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture(scope="session")
def local_server(pytestconfig, tmp_path_factory, mail_sink):
    """Our own server, unless the suite runs against --base-url."""
    if pytestconfig.getoption("--base-url"):
        yield None
        return
    server = LocalServer(tmp_path_factory.mktemp("e2e"), mail_port=mail_sink.port)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(pytestconfig, local_server):
    return pytestconfig.getoption("--base-url") or local_server.url


@pytest.fixture
def fresh_demo(local_server):
    """The demo data set as new. Against --base-url, reset it yourself (`flask reset-demo --yes`)."""
    if local_server is not None:
        local_server.reset_demo()


@pytest.fixture
def nightly_job(local_server):
    """nightly_job(days_later=0): run the nightly job on our own server's database."""
    if local_server is None:
        pytest.skip("the nightly job runs on the server's own machine")
    return local_server.nightly_job


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-BE"}
