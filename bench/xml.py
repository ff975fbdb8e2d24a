"""The structured-message channel at volume: a generated message of many requests processed on a
temporary SQLite database, in a process of its own; prints records per second and the peak memory
it took beyond what the process held before (Linux: /proc/self/status).

The memory is the process's own (RssAnon, sampled every 20 ms for its peak): since SQLite reads
its file through mmap (db.connection.SQLITE_PRAGMAS) the pages of the database it touched count in
the resident size too, though they are the operating system's page cache, shared and dropped at
will (VmHWM counted 169 MB for 100,000 records, 10.6 MB without mmap for 20,000)."""

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RECORDS = int(os.environ.get("STTS_BENCH_XML_RECORDS", "100000"))
# what the issue asks of this 2-core machine
MIN_RECORDS_PER_SECOND = 1000
MAX_GROWTH_MB = 50


def _memory_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


class AnonymousPeak(threading.Thread):
    """The highest RssAnon of this process while it runs (`with AnonymousPeak() as peak:`)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kb, self._done = _memory_kb("RssAnon"), threading.Event()

    def run(self):
        while not self._done.wait(0.02):
            self.peak_kb = max(self.peak_kb, _memory_kb("RssAnon"))

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self.join()
        self.peak_kb = max(self.peak_kb, _memory_kb("RssAnon"))


def measure(records, folder):
    """Process a message of `records` requests; (seconds, peak growth in MB, acknowledgement)."""
    from flask_babel import force_locale

    from app import create_app
    from commands.database import prepare_database
    from commands.exchange import register_rows, write_messages
    from db.accounts import Account, AccountApplication, Role
    from db.applications import STTS, Application
    from db.audit import System
    from db.base import database
    from db.enterprises import Enterprise
    from db.messages import Channel
    from domain.actors import Actor
    from domain.eligibility import save_register
    from domain.messages import receive
    from domain.passwords import use_cheap_hashing

    use_cheap_hashing()
    app = create_app({"DATABASE_URL": f"sqlite:///{Path(folder) / 'xml.sqlite3'}", "SECRET_KEY": "bench",
                      "DEMO": False})
    path = Path(folder) / "message.xml"
    with path.open("w", encoding="utf-8") as file:
        write_messages(file, records, "0566988259", f"bench-{records}")
    with app.app_context():
        prepare_database(load_demo_when_new=False)
        with database.connection_context():
            with database.atomic():
                save_register(register_rows(records))
                operator = Enterprise.create(name="BUCOM NL", kbo_number="0566988259", language="nl")
                sender = Account.create(enterprise=operator, role=Role.USER, username="xml.bench",
                                        first_name="XML", last_name="Sender", password_hash="-",
                                        stts_profile="stts3")
                stts = Application.get(Application.code == STTS)
                AccountApplication.create(account=sender, application=stts)
            actor = Actor.person(sender, "127.0.0.1", system=System.STRUCTURED_MESSAGES)
            before = _memory_kb("RssAnon")
            start = time.perf_counter()
            with AnonymousPeak() as peak, force_locale("nl"), path.open("rb") as file:
                message = receive(actor, file, Channel.HTTP)
            seconds = time.perf_counter() - start
            growth_mb = (peak.peak_kb - before) / 1024
            return seconds, growth_mb, message


def child():
    """Run in a process of its own: print one line of figures."""
    with tempfile.TemporaryDirectory() as folder:
        seconds, growth_mb, message = measure(RECORDS, folder)
    print(f"{message.records} {message.accepted} {message.refused} {seconds:.2f} {growth_mb:.1f}")


def main():
    """Print the XML figures (numbers, not pass/fail)."""
    print(f"\nstructured messages: one message of {RECORDS} requests, SQLite")
    result = subprocess.run([sys.executable, "-m", "bench.xml"], capture_output=True, text=True, check=False)
    if result.returncode:
        print(result.stderr[-3000:])
        return
    records, accepted, refused, seconds, growth = result.stdout.split()[-5:]
    rate = int(records) / float(seconds)
    print(f"{'records':28} {records:>12} ({accepted} accepted, {refused} refused)")
    print(f"{'time':28} {float(seconds):>10.1f} s")
    print(f"{'records per second':28} {rate:>12.0f}  (at least {MIN_RECORDS_PER_SECOND}: "
          f"{'ok' if rate >= MIN_RECORDS_PER_SECOND else 'TOO SLOW'})")
    print(f"{'peak memory growth':28} {float(growth):>10.1f} MB  (under {MAX_GROWTH_MB} MB: "
          f"{'ok' if float(growth) < MAX_GROWTH_MB else 'TOO MUCH'})")


if __name__ == "__main__":
    child()
