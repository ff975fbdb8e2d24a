"""Speed at an operator's scale (issue 13): `python -m bench.scale` (also part of `make bench`).

1. The data sets: 10,000 users + 100,000 dossiers and 100,000 users + 1,000,000 dossiers in BUCOM
   NL (the demo data plus `flask populate`), built once into instance/bench/ and reused.
2. In-process (Flask's test client): p50/p95 of each main request at both sizes, and their ratio;
   the 25-row search partial's rendering alone.
3. Through gunicorn with 2 workers under wrk (Debian's package, installed when missing) on
   loopback: requests per second for the user search, a dossier search, the welcome page and a
   block/unblock; with errors counted.
4. In Chromium (/usr/bin/chromium, Chrome DevTools Protocol): bytes on the wire of the main
   screens (first and repeat visit), of a live search and of a row swap; the welcome page's and a
   live search's time under slow 3G (400 kbit/s, 400 ms round trip).
5. PostgreSQL (STTS_BENCH_POSTGRESQL_URL, e.g. postgresql://stts:stts@127.0.0.1:5432/stts_bench):
   the same data, 4 gunicorn processes against the one database, the same wrk figures, zero errors.

The table is printed and written to bench/RESULTS.md under "## Scale". Timings vary with the
machine's load: the machine and its load average are written beside them.
"""

import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("STTS_BENCH_DATA", ROOT / "instance" / "bench"))
SIZES = [(10_000, 100_000), (100_000, 1_000_000)]
ROUNDS = int(os.environ.get("STTS_BENCH_ROUNDS", "40"))
WRK_SECONDS = int(os.environ.get("STTS_BENCH_WRK_SECONDS", "10"))
RESULTS = ROOT / "bench" / "RESULTS.md"
ADMIN = ("els.janssens", "Demo-Beheerder-2026")
STTS3 = ("stts3.demo", "Demo-Gebruiker-2026")
HX = {"HX-Request": "true"}

# (label, account, URL, headers): the main requests, in-process
REQUESTS = [
    ("user list", ADMIN, "/users/", {}),
    ('user search "jans" (partial)', ADMIN, "/users/search?name=jans", HX),
    ('user search "els jans" (partial)', ADMIN, "/users/search?name=els+jans", HX),
    ("user search, nobody (partial)", ADMIN, "/users/search?name=zzyzx", HX),
    ("user search, national number", ADMIN, "/users/search?national_number=30.10", HX),
    ("user search, blocked", ADMIN, "/users/search?blocked=y", HX),
    ("user search, application STTS", ADMIN, "/users/search?applications=stts", HX),
    ('complementary "jans"', ADMIN, "/users/search?name=jans&complementary=y", HX),
    ("welcome", ADMIN, "/welcome/", {}),
    ('dossier search "jans"', STTS3, "/stts/dossiers?name=jans", HX),
    ("dossier search, line number", STTS3, "/stts/dossiers?line_number=0470", HX),
    ("tasks", STTS3, "/stts/tasks", {}),
]
GOALS = {'user search "jans" (partial)': 10, "user search, nobody (partial)": 5}
# below this share of idle CPU before the start, the figures are marked as measured on a busy machine
QUIET = 0.8
REMEMBERED = 'user search "jans", remembered (web.answer_cache)'
VARIED = "user search, 800 different searches (20 prefixes × 40 pages) in turn"
# the varied searches of wrk's "different searches" run: a prefix of a common name each request,
# each asked once per cycle (most are answered by the search itself, not by a remembered answer)
VARIED_PREFIXES = ["jan", "pee", "mae", "wou", "cla", "dub", "lam", "mer", "dup", "sim", "ver", "goo",
                   "hen", "jac", "wil", "mar", "leo", "dew", "bos", "kar"]


def database_path(users):
    return DATA / f"scale-{users}.sqlite3"


def build(users, dossiers, url=None):
    """The data set of this size: the demo data plus `flask populate` (kept and reused)."""
    env = {**os.environ, "DATABASE_URL": url or f"sqlite:///{database_path(users)}", "STTS_DEMO": "1"}
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    reused = database_path(users).exists() if url is None else _populated(url, users)
    DATA.mkdir(parents=True, exist_ok=True)
    # a data set kept from an earlier run gets the migrations added since
    subprocess.run([*flask, "init-db"], env=env, cwd=ROOT, check=True, capture_output=True)
    if reused:
        return 0.0
    start = time.perf_counter()
    subprocess.run(
        [*flask, "populate", "--users", str(users), "--dossiers", str(dossiers)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    return time.perf_counter() - start


def _populated(url, users):
    """True when the database at `url` holds the data set already."""
    from db.connection import open_database

    database = open_database(url)
    try:
        return database.execute_sql("SELECT COUNT(*) FROM account").fetchone()[0] >= users
    except Exception:
        return False
    finally:
        database.close()


# -- in-process ---------------------------------------------------------------------------------


def in_process(url):
    """{label: (p50, p95)} of REQUESTS, and the partial's rendering alone (p50, p95), on `url`.

    Each request does its whole work: the remembered answers (web.answer_cache) are off, but for
    the one row that measures a remembered search.
    """
    app = bench_app(url, remember=False)
    clients = {account: signed_in(app, account) for account in (ADMIN, STTS3)}
    figures = {label: percentiles(timed_gets(clients[account], path, headers))
               for label, account, path, headers in REQUESTS}
    figures["block/unblock (row swap)"] = percentiles(block_unblock_in_process(app, clients[ADMIN]))
    remembering = signed_in(bench_app(url, remember=True), ADMIN)
    figures[REMEMBERED] = percentiles(timed_gets(remembering, "/users/search?name=jans", HX))
    figures["25-row partial: rendering only"] = percentiles(rendering_only(app, clients[ADMIN]))
    return figures


def bench_app(url, remember):
    """The app on `url`, without rate limits and CSRF; `remember`: with its remembered answers."""
    from app import create_app
    from domain.passwords import use_cheap_hashing

    use_cheap_hashing()
    settings = {"DATABASE_URL": url, "SECRET_KEY": "bench", "DEMO": False, "RATELIMIT_ENABLED": False,
                "WTF_CSRF_ENABLED": False}
    return create_app(settings if remember else {**settings, "ANSWER_CACHE_SIZE": 0})


def signed_in(app, account):
    """A test client of `app` signed in as `account` (username, password)."""
    client = app.test_client()
    response = client.post("/login", data={"username": account[0], "password": account[1],
                                           "portal": "enterprise"})
    assert response.status_code in (302, 303), response.status_code
    return client


def timed_gets(client, path, headers):
    """The milliseconds of ROUNDS GETs of `path`, after three that warm up."""
    for _ in range(3):
        client.get(path, headers=headers)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def block_unblock_in_process(app, client):
    from db.accounts import Account, Role

    with app.app_context():
        from db.base import database

        with database.connection_context():
            bucom = Account.by_username(ADMIN[0]).enterprise
            ids = [
                a.id
                for a in Account.of_enterprise(bucom)
                .where((Account.role == Role.USER) & Account.username.not_in([ADMIN[0], STTS3[0]]))
                .order_by(Account.id)
                .limit(20)
            ]
    timings = []
    for i in range(ROUNDS):
        user = ids[i % len(ids)]
        for action in ("block", "unblock"):
            start = time.perf_counter()
            response = client.post(f"/users/{user}/{action}", headers=HX)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
    return timings


def rendering_only(app, client):
    """The search partial of 25 users rendered again and again, its query done once before."""
    from flask import render_template
    from flask_login import login_user

    import blueprints.users.routes as routes
    from blueprints.users.forms import SearchForm
    from db.accounts import Account
    from domain import users
    from web.paging import count_of, paginate

    timings = []
    with app.test_request_context("/users/search?name=jans", headers=HX):
        from db.base import database

        database.connect(reuse_if_open=True)
        login_user(Account.by_username(ADMIN[0]))
        form = SearchForm(formdata=None, name="jans")
        criteria = users.UserCriteria(name="jans")
        query = users.search_users(Account.by_username(ADMIN[0]).enterprise, criteria)
        results = paginate(query, 1, 25)
        count, more = count_of(query, results)
        context = {
            "results": results,
            "sort": "name",
            "count_text": routes._count_text(count, more, criteria),
            "criteria": criteria,
            "export_args": {"name": ["jans"]},
            "form": form,
        }
        assert render_template("users/_search_update.html", **context).count('<tr id="user-') == 25
        for _ in range(ROUNDS * 2):
            start = time.perf_counter()
            render_template("users/_search_update.html", **context)
            timings.append((time.perf_counter() - start) * 1000)
        database.close()
    return timings


def percentiles(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[min(len(timings) - 1, int(len(timings) * 0.95))]


# -- gunicorn and wrk ---------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with `workers` processes on `url`, on a free loopback port, stopped on exit."""

    def __init__(self, url, workers):
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "WORKERS": str(workers),
            "THREADS": "4",
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
            "STTS_DEMO": "0",
            "SECRET_KEY": "bench-scale",
            "STTS_LOGIN_RATE_LIMIT": "100000 per minute",
        }
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the server)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "--access-logfile",
                "/dev/null",
                "app:create_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        for _ in range(200):
            try:
                # nosec B310: our own server on the loopback, an http:// address written here
                urllib.request.urlopen(self.base + "/login", timeout=2)  # nosec B310
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def session(self, account):
        """(cookie header, CSRF token) of a signed-in session of `account`."""
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(self.base + "/login").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": account[0], "password": account[1], "portal": "enterprise", "csrf_token": token}
        ).encode()
        opener.open(self.base + "/login", data=data)
        page = (
            opener.open(self.base + "/users/" if account == ADMIN else self.base + "/stts/").read().decode()
        )
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        return cookie, token.group(1) if token else ""


def wrk_binary():
    found = shutil.which("wrk")
    if not found:
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=False,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("wrk")
    return found


BLOCK_SCRIPT = """
counter = 0
ids = {%s}
request = function()
  counter = counter + 1
  local id = ids[(math.floor(counter / 2) %% #ids) + 1]
  local action = (counter %% 2 == 0) and "block" or "unblock"
  return wrk.format("POST", "/users/" .. id .. "/" .. action, nil, "")
end
"""
VARIED_SCRIPT = """
counter = 0
prefixes = {%s}
request = function()
  counter = counter + 1
  local prefix = prefixes[(counter %% #prefixes) + 1]
  local page = math.floor(counter / #prefixes) %% 40 + 1
  return wrk.format("GET", "/users/search?name=" .. prefix .. "&page=" .. page)
end
"""
REPORT_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("JSON{\\"requests\\":%d,\\"seconds\\":%f,\\"errors\\":%d,\\"non2xx\\":%d,\\"p50\\":%f,\\"p95\\":%f}\\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def wrk(server, path, account, headers=None, post_ids=None, varied=False):
    """(requests per second, errors, p50 ms, p95 ms) of `path` under wrk, 2 threads, 8 connections;
    `post_ids`: block/unblock those users in turn; `varied`: VARIED_PREFIXES, 40 pages of each."""
    binary = wrk_binary()
    if not binary:
        return None
    cookie, token = server.session(account)
    script = (BLOCK_SCRIPT % ", ".join(map(str, post_ids)) if post_ids else "") + REPORT_SCRIPT
    if varied:
        script = VARIED_SCRIPT % ", ".join(f'"{prefix}"' for prefix in VARIED_PREFIXES) + REPORT_SCRIPT
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    command = [
        binary,
        "-t2",
        "-c8",
        f"-d{WRK_SECONDS}s",
        "-s",
        lua.name,
        "-H",
        f"Cookie: {cookie}",
        "-H",
        f"X-CSRFToken: {token}",
        "-H",
        "Accept-Encoding: br, gzip",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, server.base + path], capture_output=True, text=True).stdout
    os.unlink(lua.name)
    result = json.loads(output.split("JSON", 1)[1].splitlines()[0])
    return (
        result["requests"] / result["seconds"],
        result["errors"] + result["non2xx"],
        result["p50"],
        result["p95"],
    )


def user_ids(url, count=50):
    from db.connection import open_database

    database = open_database(url)
    # not the bench's own accounts: a block ends their sessions
    rows = database.execute_sql(
        "SELECT id FROM account WHERE role = 'user' AND enterprise_id = (SELECT id FROM"
        f" enterprise WHERE name = 'BUCOM NL') AND username NOT IN ('{ADMIN[0]}', '{STTS3[0]}')"
        " ORDER BY id LIMIT 50"
    ).fetchall()
    database.close()
    return [row[0] for row in rows][:count]


def unblock(url, ids):
    """The users wrk blocked and unblocked in turn, unblocked again (wrk stops wherever it is)."""
    from db.connection import open_database

    database = open_database(url)
    marks = ", ".join(database.param for _ in ids)
    database.execute_sql(f"UPDATE account SET blocked = FALSE, block_reason = '' WHERE id IN ({marks})", ids)
    database.close()


def load(url, workers):
    """{label: wrk figures} through gunicorn with `workers` processes."""
    figures = {}
    with Server(url, workers) as server:
        figures['user search "jans"'] = wrk(server, "/users/search?name=jans", ADMIN, HX)
        figures[VARIED] = wrk(server, "/", ADMIN, HX, varied=True)
        figures['dossier search "jans"'] = wrk(server, "/stts/dossiers?name=jans", STTS3, HX)
        figures["welcome"] = wrk(server, "/welcome/", ADMIN)
        ids = user_ids(url)
        figures["block/unblock"] = wrk(server, "/", ADMIN, HX, post_ids=ids)
    unblock(url, ids)
    return figures


# -- Chromium -------------------------------------------------------------------------------------


def browser(url):
    """Bytes on the wire and slow-3G timings in Chromium, through gunicorn (2 workers) on `url`."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {}
    figures = {}
    with Server(url, 2) as server, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = chromium.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        received = []
        cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))

        def measured(action):
            received.clear()
            action()
            page.wait_for_load_state("networkidle")
            return sum(received)

        page.goto(server.base + "/login")
        page.get_by_label("Onderneming").check()
        page.get_by_label("Gebruikersnaam").fill(ADMIN[0])
        page.get_by_label("Wachtwoord").fill(ADMIN[1])
        page.get_by_role("button", name="Login").click()
        page.wait_for_load_state("networkidle")
        cdp.send("Network.clearBrowserCache")
        figures["welcome: first visit"] = measured(lambda: page.goto(server.base + "/welcome/"))
        figures["welcome: repeat visit"] = measured(lambda: page.goto(server.base + "/welcome/"))
        figures["users list: first visit"] = measured(lambda: page.goto(server.base + "/users/"))
        page.goto(server.base + "/users/search")
        search = page.get_by_role("searchbox").first
        figures['live search "jans" (partial)'] = measured(
            lambda: (search.fill("jans"), page.wait_for_timeout(800))
        )
        toggle = page.locator("button[form=rows][formaction$=block]").first
        figures["row swap (block)"] = measured(lambda: (toggle.click(), page.wait_for_timeout(500)))
        page.locator("button[form=rows][formaction$=block]").first.click()
        # slow 3G: 400 kbit/s each way, 400 ms round trip
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 400,
                "downloadThroughput": 400_000 / 8,
                "uploadThroughput": 400_000 / 8,
            },
        )
        cdp.send("Network.clearBrowserCache")
        start = time.perf_counter()
        page.goto(server.base + "/welcome/", wait_until="load")
        figures["slow 3G: welcome, first visit (s)"] = time.perf_counter() - start
        page.goto(server.base + "/users/search")
        search = page.get_by_role("searchbox").first
        # from the keystroke to the swapped results: the answer of the live search's own request,
        # then the moment the first row of it is in the page (the 300 ms debounce taken off)
        with page.expect_response(lambda response: "/users/search?" in response.url, timeout=60_000):
            start = time.perf_counter()
            search.fill("jans")
        page.wait_for_selector("#results tr[id^=user-]", timeout=60_000)
        figures["slow 3G: live search, typed to shown (s)"] = time.perf_counter() - start - 0.3
        chromium.close()
    return figures


# -- the table ----------------------------------------------------------------------------------


def idle_share(seconds=2.0):
    """The share of the machine's CPU time left idle over `seconds` (/proc/stat): what the other
    processes leave. The load average is no measure here: it lags a minute, and counts the tasks
    waiting on the disk (the data sets are a gigabyte) as well as the bench's own last runs."""

    def read():
        with open("/proc/stat") as stat:
            ticks = [int(value) for value in stat.readline().split()[1:]]
        return ticks[3] + ticks[4], sum(ticks)

    idle_before, total_before = read()
    time.sleep(seconds)
    idle_after, total_after = read()
    return (idle_after - idle_before) / max(1, total_after - total_before)


def machine(idle):
    return (
        f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{idle:.0%} of the CPU idle in the 2 s before the measurements"
    )


def table(built, small, large, wrk_sqlite, chromium, postgresql, idle=1.0, started=None):
    started = started or datetime.now(UTC)
    lines = [f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine(idle)}.", ""]
    if idle < QUIET:
        lines += [
            f"**The machine was busy with other work (only {idle:.0%} of its CPU idle): the timings "
            "below measure that, not the app. Run `make bench` on a quiet machine for figures to "
            "hold against the goals; the byte counts hold regardless.**",
            "",
        ]
    lines += [
        f"Data sets: {', '.join(f'{u:,} users + {d:,} dossiers' for u, d in SIZES)} "
        f"(built in {', '.join(f'{s:.0f} s' for s in built)}; 0 s: reused).",
        "",
    ]
    lines += [
        "| in-process | 10k users p50 / p95 (ms) | 100k users p50 / p95 (ms) | ratio p95 | goal |",
        "|---|---|---|---|---|",
    ]
    for label in large:
        (s50, s95), (l50, l95) = small[label], large[label]
        ratio = l95 / s95 if s95 else 0
        goal = GOALS.get(label) or (3 if "rendering" in label else None)
        verdict = f"p95 ≤ {goal}: {'met' if l95 <= goal else 'NOT met'}" if goal else ""
        verdict += ("; " if verdict else "") + f"ratio < 1.5: {'met' if ratio < 1.5 else 'NOT met'}"
        lines.append(f"| {label} | {s50:.1f} / {s95:.1f} | {l50:.1f} / {l95:.1f} | {ratio:.2f} | {verdict} |")
    for title, figures in (
        ("gunicorn, 2 workers, SQLite, 100k users", wrk_sqlite),
        ("gunicorn, 4 workers, PostgreSQL, 100k users", postgresql),
    ):
        if not figures:
            lines += ["", f"{title}: not measured (see bench/scale.py)."]
            continue
        lines += [
            "",
            f"| wrk, 8 connections, {WRK_SECONDS} s: {title} | requests/s | errors | p50 / p95 (ms) |",
            "|---|---|---|---|",
        ]
        for label, result in figures.items():
            if result is None:
                lines.append(f"| {label} | wrk missing | | |")
                continue
            rps, errors, p50, p95 = result
            goal = ""
            if label == 'user search "jans"':
                goal = " (goal ≥ 1,000: " + ("met)" if rps >= 1000 else "NOT met)")
            lines.append(f"| {label} | {rps:,.0f}{goal} | {errors} | {p50:.1f} / {p95:.1f} |")
    if chromium:
        lines += ["", "| Chromium (CDP), 100k users | on the wire |", "|---|---|"]
        for label, value in chromium.items():
            if label.startswith("slow 3G"):
                lines.append(f"| {label} | {value:.2f} s |")
            else:
                goal = (
                    " (goal ≤ 2,048: " + ("met)" if value <= 2048 else "NOT met)")
                    if "partial" in label
                    else ""
                )
                lines.append(f"| {label} | {value:,} B{goal} |")
    return "\n".join(lines)


def write_results(text):
    """bench/RESULTS.md with its "## Scale" section replaced by `text` (other sections kept)."""
    old = RESULTS.read_text() if RESULTS.exists() else "# Bench results\n"
    section = f"## Scale\n\nWritten by `make bench` (bench/scale.py).\n\n{text}\n"
    if "## Scale\n" in old:
        before, rest = old.split("## Scale\n", 1)
        after = rest[rest.find("\n## ") :] if "\n## " in rest else ""
        new = before + section + after.lstrip("\n") if after else before + section
    else:
        new = old.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(new)


def main():
    built = [build(users, dossiers) for users, dossiers in SIZES]
    urls = [f"sqlite:///{database_path(users)}" for users, _ in SIZES]
    started, idle = datetime.now(UTC), idle_share()
    small = in_process(urls[0])
    large = in_process(urls[1])
    wrk_sqlite = load(urls[1], 2)
    chromium = browser(urls[1]) if os.path.exists("/usr/bin/chromium") else {}
    postgresql = {}
    pg_url = os.environ.get("STTS_BENCH_POSTGRESQL_URL")
    if pg_url:
        built.append(build(*SIZES[1], url=pg_url))
        postgresql = load(pg_url, 4)
    text = table(built, small, large, wrk_sqlite, chromium, postgresql, idle, started)
    print(text)
    write_results(text)


if __name__ == "__main__":
    main()
