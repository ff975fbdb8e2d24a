"""Weigh and time the main screens on a temporary SQLite database with the demo data."""

import re
import statistics
import tempfile
import time
from pathlib import Path

from app import create_app
from bench import scale as scale_bench
from bench import xml as xml_bench
from commands.database import prepare_database
from domain.passwords import use_cheap_hashing

BUDGET_BYTES = 25 * 1024
ASSET = re.compile(r'(?:src|href)="(/static/[^"]+)"')
# (screen, account signing in or None, URL)
SCREENS = [
    ("public home", None, "/"),
    ("login", None, "/login"),
    ("welcome (local admin)", "els.janssens", "/welcome/"),
    ("welcome (STTS user)", "stts1.demo", "/welcome/"),
    ("own data", "els.janssens", "/account/details"),
    ("certificate", "els.janssens", "/account/certificate"),
    ("routing module", "els.janssens", "/routing/settings"),
    ("structured messages", "els.janssens", "/exchange/"),
    ("access request (public)", None, "/onboarding/request"),
    ("back office queue", "rsz.officer", "/backoffice/?status=all"),
    ("back office request", "rsz.officer", "/backoffice/requests/1"),
    ("users: list", "els.janssens", "/users/"),
    ("users: search", "els.janssens", "/users/search?name=jans"),
    ("users: new user", "els.janssens", "/users/new"),
    ("STTS start", "stts3.demo", "/stts/"),
    ("STTS search", "stts3.demo", "/stts/dossiers"),
    ("STTS request form", "stts3.demo", "/stts/dossiers/new"),
    ("STTS dossier", "stts3.demo", "/stts/dossiers/1"),
    ("STTS tasks", "stts3.demo", "/stts/tasks"),
]
PASSWORDS = {"els.janssens": "Demo-Beheerder-2026", "stts1.demo": "Demo-Gebruiker-2026",
             "stts3.demo": "Demo-Gebruiker-2026", "rsz.officer": "Demo-Officer-2026"}
PORTALS = {"rsz.officer": "backoffice"}
ENCODINGS = {"Accept-Encoding": "br, gzip"}


def first_visit_bytes(client, url):
    """The compressed bytes of the page and every static file it loads (an empty cache)."""
    page = client.get(url, headers=ENCODINGS)
    total = len(page.data)
    for asset in set(ASSET.findall(client.get(url).get_data(as_text=True))):
        total += len(client.get(asset, headers=ENCODINGS).data)
    return total, len(page.data)


def median_ms(client, url, rounds=30):
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main():
    use_cheap_hashing()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.sqlite3'}",
                          "SECRET_KEY": "bench", "DEMO": True, "RATELIMIT_ENABLED": False,
                          "WTF_CSRF_ENABLED": False})
        with app.app_context():
            prepare_database(load_demo_when_new=True)
        print(f"{'screen':28} {'first visit':>12} {'page only':>10} {'budget':>7} {'median':>9}")
        for name, username, url in SCREENS:
            client = app.test_client()
            if username:
                client.post("/login", data={"username": username, "password": PASSWORDS[username],
                                            "portal": PORTALS.get(username, "enterprise")})
            total, page_only = first_visit_bytes(client, url)
            verdict = "ok" if total <= BUDGET_BYTES else "OVER"
            print(f"{name:28} {total:>10} B {page_only:>8} B {verdict:>7} {median_ms(client, url):>7.1f} ms")


if __name__ == "__main__":
    main()
    scale_bench.main()  # speed at an operator's scale: 100,000 users, 1,000,000 dossiers (bench/scale.py)
    xml_bench.main()  # the structured-message channel at volume (bench/xml.py)
