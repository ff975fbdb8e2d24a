"""Soak: several client processes against gunicorn with 4 workers on the loopback, for a bounded
time (it stops by itself): sign-ins, user searches, blocks/unblocks, user creations and dossier
edits. Afterwards it counts, in the database, what the clients say they did: zero 5xx, zero lost or
duplicated writes; it prints the throughput.

    .venv/bin/python -m bench.soak --seconds 180                       # SQLite (a temporary file)
    .venv/bin/python -m bench.soak --seconds 180 --postgresql          # a PostgreSQL cluster of its own
    .venv/bin/python -m bench.soak --seconds 180 --postgresql --faults # midway: a gunicorn worker
        SIGKILLed, and the PostgreSQL server stopped, kept down a few seconds and started again.
        Requests during the outage must get our clean 503 (with Retry-After, never a traceback);
        everything recovers by itself (no failure a few seconds after the server is back)
    .venv/bin/python -m bench.soak --seconds 60 --database postgresql://u:p@127.0.0.1/soak --faults
        # someone else's server: it is not restarted; every connection is cut (pg_terminate_backend)

`--postgresql` makes a cluster in a temporary folder with Debian's /usr/lib/postgresql/<version>/bin
(initdb, pg_ctl; as the postgres user when run as root), on a free port of 127.0.0.1 (trust
authentication, loopback only), and removes it at the end. A `--database` is emptied and filled with
the demo data first: give it one of its own.
"""

import argparse
import contextlib
import glob
import multiprocessing
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess  # nosec B404 (gunicorn, an argument list, no shell)
import sys
import tempfile
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN = ("els.janssens", "Demo-Beheerder-2026")
STTS = ("stts3.demo", "Demo-Gebruiker-2026")
PASSWORD = "Soak-Gebruiker-2026"
SECRET = "soak-secret-key-of-this-run"
USERS_PER_CLIENT = 3


# -- setup ----------------------------------------------------------------------------------------


def national_number(birth, serial):
    base = f"{birth}{serial:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


def prepare(url, clients):
    """A fresh schema with the demo data, and for each client its own users and its own dossier."""
    sys.path.insert(0, str(ROOT))
    from app import create_app
    from commands.database import prepare_database
    from db.accounts import Account, Role
    from db.base import database
    from db.eligibility import RegisterEntry
    from db.models import ALL_MODELS
    from db.schema import SchemaMigration
    from domain import dossiers
    from domain.actors import Actor
    from domain.passwords import hash_password

    create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "DEMO": False})
    with database.connection_context():
        database.drop_tables([*ALL_MODELS, SchemaMigration], cascade=True) if "postgres" in url else None
    prepare_database(load_demo_when_new=True)
    plan = []
    with database.connection_context():
        admin = Account.get(Account.username == ADMIN[0])
        stts = Account.get(Account.username == STTS[0])
        password_hash = hash_password(PASSWORD)
        for index in range(clients):
            users = []
            for number in range(USERS_PER_CLIENT):
                account = Account.create(
                    enterprise=admin.enterprise,
                    role=Role.USER,
                    username=f"soak{index}.{number}",
                    first_name="Soak",
                    last_name=f"Client{index} User{number}",
                    national_number=national_number(f"7{index % 10}0101", 900 + number),
                    email=f"soak{index}.{number}@example.com",
                    language="nl",
                    password_hash=password_hash,
                )
                users.append(account.id)
            beneficiary = national_number(f"4{index % 10}0215", 500 + index)
            RegisterEntry.create(
                national_number=beneficiary,
                last_name="Soak",
                first_name=f"Person{index}",
                household=f"SOAK-{index}",
                categories="age_65",
            )
            actor = Actor.person(stts)
            dossier = dossiers.request_tariff(
                actor,
                dossiers.TariffRequest(
                    national_number=beneficiary,
                    last_name="Soak",
                    first_name=f"Person{index}",
                    street="Meir 1",
                    postcode="2000",
                    city="Antwerpen",
                    language="nl",
                    category="age_65",
                    formula="fixed",
                    customer_number=f"SOAK-{index}-0",
                    line_number=f"03 201 {index // 100 % 100:02d} {index % 100:02d}",
                ),
            )
            dossiers.activate(actor, dossier, dossier.requested_on, dossier.version)
            plan.append({"index": index, "users": users, "dossier": dossier.id})
    database.close()
    return plan


# -- the clients ----------------------------------------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif (
            self.forms
            and tag in ("input", "textarea")
            and attrs.get("name")
            and attrs.get("type") != "submit"
        ):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1][1][attrs["name"]] = attrs.get("value") or ""
        elif self.forms and tag == "select":
            self._select = attrs.get("name")
        elif self.forms and tag == "option" and "selected" in attrs and getattr(self, "_select", None):
            self.forms[-1][1][self._select] = attrs.get("value") or ""


def form_of(html, action):
    parser = _Forms()
    parser.feed(html)
    for found, values in parser.forms:
        if found == action:
            return values
    return None


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# our 503 page, in Dutch (the demo admin's language): web.errors
CLEAN_503 = "tijdelijk niet beschikbaar"


class Client:
    def __init__(self, base):
        import requests

        self.requests = requests
        self.base = base
        self.session = requests.Session()
        self.statuses = Counter()
        self.dropped = 0
        self.bodies_5xx = []
        # when a request failed (5xx or a dropped connection): the recovery is judged on these
        self.failure_times = []
        # 503s without Retry-After or without our page (a proxy's or a traceback's would count here)
        self.unclean_503 = 0
        self.signed_out = False

    def call(self, method, path, **kwargs):
        try:
            response = self.session.request(
                method, self.base + path, allow_redirects=False, timeout=30, **kwargs
            )
        except self.requests.RequestException:
            self.dropped += 1  # the connection was cut (a worker killed under it)
            self.failure_times.append(time.time())
            return None
        self.statuses[response.status_code] += 1
        if response.status_code == 302 and response.headers.get("Location", "").startswith("/login"):
            self.signed_out = True  # a sign-in lost to an outage: the loop signs in again
        if response.status_code >= 500:
            self.failure_times.append(time.time())
            if response.status_code != 503 or not (
                    response.headers.get("Retry-After") and CLEAN_503 in response.text):
                self.unclean_503 += response.status_code == 503
                self.bodies_5xx.append((path, response.status_code, response.text[:200]))
        return response

    def csrf(self, path="/welcome/"):
        page = self.call("GET", path)
        found = CSRF.search(page.text) if page is not None else None
        return found.group(1) if found else ""

    def sign_in(self, username, password):
        self.session.cookies.clear()
        self.signed_out = False
        token = self.csrf("/login")
        response = self.call(
            "POST",
            "/login",
            data={"username": username, "password": password, "portal": "enterprise", "csrf_token": token},
        )
        return response is not None and response.status_code == 303


def run_client(base, plan, deadline, results):
    """One client process: a loop of the actions until `deadline`; what it did goes to `results`."""
    index = plan["index"]
    admin, stts = Client(base), Client(base)
    admin.sign_in(*ADMIN)
    stts.sign_in(*STTS)
    blocked = dict.fromkeys(plan["users"], False)
    uncertain = set()
    created, edits, last_customer = [], 0, f"SOAK-{index}-0"
    round_ = 0
    while time.time() < deadline:
        round_ += 1
        if round_ % 25 == 0 or admin.signed_out:  # a fresh sign-in now and then
            admin.sign_in(*ADMIN)
        if round_ % 25 == 0 or stts.signed_out:
            stts.sign_in(*STTS)
        admin.call("GET", "/users/search", params={"name": ["jans", "elo", "soak", "de"][round_ % 4]})
        # block or unblock one of this client's users
        user = plan["users"][round_ % len(plan["users"])]
        action = "unblock" if blocked[user] else "block"
        token = admin.csrf("/users/")
        response = admin.call(
            "POST", f"/users/{user}/{action}", data={"csrf_token": token, "next": "/users/"}
        )
        if response is None or response.status_code >= 500:
            uncertain.add(user)
        elif response.status_code == 303:
            blocked[user] = action == "block"
        # a new user, now and then
        if round_ % 3 == 0:
            serial = len(created) + len(uncertain) + 1
            username = f"soak{index}.new{round_}"
            page = admin.call("GET", "/users/new")
            values = (
                form_of(page.text, "/users/new") if page is not None and page.status_code == 200 else None
            )
            if values is not None:
                values.update(
                    first_name="Nieuw",
                    last_name=f"Soak {index} {round_}",
                    username=username,
                    repeat_username=username,
                    email=f"{username}@example.com",
                    language="nl",
                    national_number=national_number(f"6{index % 10}0303", serial % 998 + 1),
                )
                response = admin.call("POST", "/users/new", data=values)
                # an answer lost (a worker killed, the database restarting): the same form again,
                # with its form token, as a person pressing the button again; it registers once
                for _ in range(10):
                    if response is not None and response.status_code < 500:
                        break
                    time.sleep(1)
                    response = admin.call("POST", "/users/new", data=values)
                if response is not None and response.status_code == 303:
                    created.append(username)
                elif response is None or response.status_code >= 500:
                    uncertain.add(username)
        # an edit of this client's dossier
        if round_ % 2 == 0:
            path = f"/stts/dossiers/{plan['dossier']}/edit"
            page = stts.call("GET", path)
            values = form_of(page.text, path) if page is not None and page.status_code == 200 else None
            if values is not None:
                customer = f"SOAK-{index}-{round_}"
                values["customer_number"] = customer
                response = stts.call("POST", path, data=values)
                if response is not None and response.status_code == 303:
                    edits, last_customer = edits + 1, customer
                elif response is None or response.status_code >= 500:
                    uncertain.add("dossier")
        stts.call("GET", "/stts/dossiers", params={"name": "soak"})
    statuses = admin.statuses + stts.statuses
    results.put(
        {
            "index": index,
            "statuses": dict(statuses),
            "dropped": admin.dropped + stts.dropped,
            "blocked": blocked,
            "created": created,
            "edits": edits,
            "last_customer": last_customer,
            "uncertain": sorted(map(str, uncertain)),
            "errors": (admin.bodies_5xx + stts.bodies_5xx)[:5],
            "failure_times": admin.failure_times + stts.failure_times,
            "unclean_503": admin.unclean_503 + stts.unclean_503,
        }
    )


# -- gunicorn and the faults --------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(url, port, workers, log):
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "STTS_DEMO": "0",
        "STTS_LOGIN_RATE_LIMIT": "1000000 per minute",
        "RATELIMIT_ENABLED": "0",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        "app:create_app()",
    ]
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,  # nosec B603
        # a file, not a pipe nobody reads: a full pipe would stop the workers that log
        stderr=log,
        text=True,
    )
    import requests

    for _ in range(200):
        try:
            if requests.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.1)
    server.kill()
    raise SystemExit(f"gunicorn did not start: see {log.name}")


def worker_pids(master):
    found = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(master)],
        capture_output=True,
        text=True,  # nosec
        check=False,
    )
    return [int(pid) for pid in found.stdout.split()]


def cut_database_connections(url):
    """What a PostgreSQL restart does to the app: every connection to its database ends at once."""
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        cut = cursor.fetchone()[0]
    connection.close()
    return cut


class OwnPostgreSQL:
    """A PostgreSQL cluster of the soak's own, in a temporary folder, that it may stop and start."""

    def __init__(self):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                          key=lambda path: int(Path(path).parent.parent.name))
        if not versions:
            raise SystemExit("--postgresql needs Debian's PostgreSQL server (/usr/lib/postgresql/<v>/bin)")
        self.bin = Path(versions[-1]).parent
        self.version = self.bin.parent.name
        self.folder = Path(tempfile.mkdtemp(prefix="stts-soak-pg-"))
        self.data, self.log = self.folder / "data", self.folder / "postgresql.log"
        self.port = free_port()
        self.url = f"postgresql://soak@127.0.0.1:{self.port}/soak"
        # initdb refuses to run as root: the cluster belongs to the postgres user then
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            owner = pwd.getpwnam(self.user)
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "soak", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self.start()
        import psycopg2

        connection = psycopg2.connect(f"postgresql://soak@127.0.0.1:{self.port}/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("CREATE DATABASE soak")
        connection.close()

    def _run(self, program, *arguments):
        found = subprocess.run([str(self.bin / program), *arguments], capture_output=True, text=True,
                               user=self.user, cwd=self.folder, check=False)  # nosec B603
        if found.returncode != 0:
            raise SystemExit(f"{program} failed: {found.stdout}{found.stderr}")
        return found

    def start(self):
        # loopback only, its own port, its socket in its own folder
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
                   "-c max_connections=100")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60",
                  "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self, down_seconds):
        """Stop the server (every connection ends), keep it down `down_seconds`, start it again."""
        stopped = time.time()
        self.stop()
        time.sleep(down_seconds)
        self.start()
        return stopped, time.time()

    def remove(self):
        with contextlib.suppress(SystemExit):  # stopped already
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


# -- the count afterwards -----------------------------------------------------------------------------


def verify(url, plan, reports):
    """What the clients say they did, against the database: lost and duplicated writes."""
    from app import create_app
    from db.accounts import Account
    from db.audit import AuditEvent
    from db.base import database
    from db.dossiers import ActionKind, Dossier, DossierAction

    create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET, "DEMO": False})
    problems = []
    with database.connection_context():
        for report in reports:
            uncertain = set(report["uncertain"])
            for user, blocked in report["blocked"].items():
                if str(user) not in uncertain and Account.get_by_id(int(user)).blocked != blocked:
                    problems.append(
                        f"client {report['index']}: user {user} blocked={not blocked}, reported {blocked}"
                    )
            for username in report["created"]:
                found = Account.select().where(Account.username == username).count()
                events = (
                    AuditEvent.select()
                    .where(
                        (AuditEvent.action == "user.created") & (AuditEvent.subject_name.contains(username))
                    )
                    .count()
                )
                if found != 1:
                    problems.append(f"client {report['index']}: user {username} stored {found} times")
                if events > 1:
                    problems.append(f"client {report['index']}: user {username} created {events} times")
            mine = Account.select().where(Account.username.startswith(f"soak{report['index']}.new")).count()
            unknown = sum(1 for item in uncertain if ".new" in item)
            if not len(report["created"]) <= mine <= len(report["created"]) + unknown:
                problems.append(
                    f"client {report['index']}: {mine} new users stored, {len(report['created'])} reported"
                )
            if "dossier" not in uncertain:
                dossier = Dossier.get_by_id(plan[report["index"]]["dossier"])
                modified = (
                    DossierAction.select()
                    .where((DossierAction.dossier == dossier) & (DossierAction.kind == ActionKind.MODIFIED))
                    .count()
                )
                if dossier.customer_number != report["last_customer"]:
                    problems.append(
                        f"client {report['index']}: dossier customer number {dossier.customer_number}, "
                        f"reported {report['last_customer']}"
                    )
                if modified != report["edits"]:
                    problems.append(
                        f"client {report['index']}: {modified} edits stored, {report['edits']} reported"
                    )
    database.close()
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default="", help="a PostgreSQL URL (emptied first); default: SQLite")
    parser.add_argument("--postgresql", action="store_true",
                        help="on a PostgreSQL cluster of its own (made, restarted by --faults, removed)")
    parser.add_argument("--down", type=float, default=5, help="seconds the database server stays down")
    parser.add_argument("--faults", action="store_true",
                        help="kill a worker and restart the database server midway")
    arguments = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    load_before = os.getloadavg()
    cluster = OwnPostgreSQL() if arguments.postgresql else None
    try:
        return soak(arguments, cluster, load_before)
    finally:
        if cluster is not None:
            cluster.remove()


def soak(arguments, cluster, load_before):
    directory = tempfile.mkdtemp(prefix="stts-soak-")
    url = cluster.url if cluster else arguments.database or f"sqlite:///{directory}/soak.sqlite3"
    backend = f"PostgreSQL {cluster.version} (its own cluster)" if cluster else (
        "PostgreSQL" if url.startswith("postgres") else "SQLite")
    plan = prepare(url, arguments.clients)
    port = free_port()
    log = open(Path(directory) / "gunicorn.log", "w")  # noqa: SIM115 (closed at the end)
    server = start_gunicorn(url, port, arguments.workers, log)
    base = f"http://127.0.0.1:{port}"
    started = time.time()
    deadline = started + arguments.seconds
    results = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(target=run_client, args=(base, plan[i], deadline, results))
        for i in range(arguments.clients)
    ]
    for process in processes:
        process.start()
    faults, back_at = [], None
    try:
        if arguments.faults:
            time.sleep(arguments.seconds / 2)
            victim = worker_pids(server.pid)[0]
            os.kill(victim, signal.SIGKILL)
            back_at = time.time()
            faults.append(f"worker {victim} SIGKILLed at {back_at - started:.0f} s")
            if cluster is not None:
                time.sleep(2)
                stopped, back_at = cluster.restart(arguments.down)
                faults.append(f"PostgreSQL stopped at {stopped - started:.0f} s, started again at "
                              f"{back_at - started:.0f} s ({back_at - stopped:.1f} s down)")
            elif backend == "PostgreSQL":
                faults.append(f"{cut_database_connections(url)} database connections cut")
        reports = [results.get(timeout=arguments.seconds + 120) for _ in processes]
        for process in processes:
            process.join(10)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
        for process in processes:
            if process.is_alive():
                process.kill()
    elapsed = time.time() - started
    statuses = sum((Counter(report["statuses"]) for report in reports), Counter())
    total = sum(statuses.values())
    server_errors = sum(count for status, count in statuses.items() if int(status) >= 500)
    unclean = sum(count for status, count in statuses.items() if int(status) >= 500 and int(status) != 503)
    unclean += sum(report["unclean_503"] for report in reports)
    problems = verify(url, plan, reports)
    created = sum(len(r["created"]) for r in reports)
    edits = sum(r["edits"] for r in reports)
    toggled = sum(len(r["blocked"]) for r in reports)
    failures = sorted(t for r in reports for t in r["failure_times"])
    # recovered by itself: nothing failed once the server had a few seconds to come back
    late = [t for t in failures if back_at is not None and t > back_at + 10] if arguments.faults else []
    load_after = os.getloadavg()
    print(f"soak on {backend}: {arguments.clients} clients, {arguments.workers} gunicorn workers, "
          f"{elapsed:.0f} s; load average {load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end "
          f"({os.cpu_count()} cores)")
    answered = total - server_errors
    print(f"  requests: {total} ({total / elapsed:.1f} per second, "
          f"{answered / elapsed:.1f} without the 5xx); statuses: {dict(sorted(statuses.items()))}")
    print(f"  writes: {created} users created, {edits} dossier edits, block/unblock of {toggled} users")
    if faults:
        window = f"{failures[0] - started:.0f}–{failures[-1] - started:.0f} s" if failures else "none"
        print(
            f"  faults: {'; '.join(faults)}; connections dropped: {sum(r['dropped'] for r in reports)}; "
            f"503s: {statuses.get(503, 0)}; failures seen {window}; after recovery: {len(late)}"
        )
    for report in reports:
        for error in report["errors"]:
            print(f"  5xx: {error}")
    print(f"  5xx: {server_errors} ({unclean} other than a clean 503 with Retry-After); "
          f"lost/duplicated writes: {len(problems)}")
    for problem in problems[:20]:
        print(f"    {problem}")
    ok = not problems and unclean == 0 and not late and (arguments.faults or server_errors == 0)
    log.close()
    if not ok:
        lines = Path(log.name).read_text().splitlines()
        errors = [line for line in lines if "Error" in line or "error" in line]
        print(f"  the app's log: {log.name} ({len(lines)} lines); its errors, the last 15:")
        for line in errors[-15:]:
            print(f"    {line[:300]}")
    print("  OK" if ok else "  FAILED")
    if ok:
        shutil.rmtree(directory, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
