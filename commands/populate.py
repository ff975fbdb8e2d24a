"""`flask --app app populate --users N --dossiers M [--enterprises K]`: a large, realistic data set
for the bench and for trying the screens at an operator's scale.

Deterministic (`--seed`): the same arguments give the same rows. The rows go in by bulk inserts of
prepared tuples (one statement per batch, not one ORM object per row), search keys and search
words made as the models make them, so the data is what the screens would have written: users in
the first operator (BUCOM NL, the demo's, or a new one), with Belgian names in Dutch, French and
German (accents, particles), valid national numbers, a mix of profiles, applications and blocked
users; dossiers in every status spread over the operators, each with its history, and tasks.
"""

import random
from datetime import date, datetime, timedelta

import click
from flask.cli import with_appcontext
from peewee import AutoField

from db.accounts import Account, AccountApplication, AccountTerm, Role, account_terms
from db.applications import STTS, Application
from db.audit import AuditEvent
from db.base import database
from db.catalogue import ensure_catalogue
from db.connection import is_postgresql
from db.dossiers import (
    ActionKind,
    Category,
    Dossier,
    DossierAction,
    DossierTerm,
    Formula,
    Status,
    StopReason,
    Task,
    TaskKind,
    TaskStatus,
)
from db.enterprises import Enterprise
from db.routing import Destination, TaskNotice
from db.schema import migrate
from db.text import search_key, search_terms
from domain.passwords import hash_password

PASSWORD = "Bench-Gebruiker-2026"
BATCH = 2000

FIRST_NAMES = {
    "nl": ["Els", "Koen", "Jan", "Pieter", "Sofie", "An", "Bart", "Lies", "Wouter", "Inge", "Tom", "Katrien",
           "Geert", "Hanne", "Joris", "Lotte", "Maarten", "Nele", "Stijn", "Eline", "Dirk", "Griet", "Jef",
           "Mieke", "Ruben", "Sien", "Thijs", "Ine", "Wim", "Saar", "Jens", "Marijke", "Ward", "Febe"],
    "fr": ["Élodie", "Jean", "Marie", "François", "Hélène", "Benoît", "Céline", "Jérôme", "Aurélie", "Rémi",
           "Anaïs", "Gaëlle", "Noël", "Zoé", "Loïc", "Mélanie", "Frédéric", "Stéphanie", "Thérèse", "André",
           "Jean-Marc", "Anne-Sophie", "Cédric", "Valérie", "Sébastien", "Amélie", "Raphaël", "Chloé"],
    "de": ["Jürgen", "Günther", "Jörg", "Käthe", "Hans", "Anna", "Lukas", "Lena", "Matthias", "Jürgen",
           "Björn", "Sören", "Gisela", "Uwe", "Grete", "Jonas", "Mia", "Dörte"],
}
LAST_NAMES = {
    "nl": ["Janssens", "Peeters", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
           "De Smet", "Van den Broeck", "De Vos", "Van Damme", "Vermeulen", "Hermans", "Michiels", "Dubois",
           "Van de Velde", "De Backer", "Verstraete", "Vandenberghe", "Desmet", "Van Dyck", "Lemmens",
           "Janssen", "Jansen", "De Clercq", "Van Acker", "Smets", "D'Hondt", "Van der Linden", "Coppens"],
    "fr": ["Dupont", "Lambert", "Lefèvre", "Dubois", "Martin", "Leclercq", "Renard", "François",
           "Laurent", "Mathieu", "Denis", "Lejeune", "Gérard", "Collard", "Rémy", "Ferrière", "Hébert",
           "De Coster", "Lefebvre", "Marchal", "Piérard", "Noël", "Delvaux", "Bodart", "Moreau"],
    "de": ["Müller", "Schmitz", "Schröder", "Krämer", "Weiß", "Bäcker", "Jöris", "Hoffmann", "Köhler",
           "Lemaire", "Heinen", "Mießen", "Cremer", "Kreutz", "Förster"],
}
LANGUAGE_SHARE = ("nl",) * 6 + ("fr",) * 3 + ("de",)
CITIES = {"nl": [("2000", "Antwerpen"), ("9000", "Gent"), ("3000", "Leuven"), ("8000", "Brugge")],
          "fr": [("4000", "Liège"), ("5000", "Namur"), ("6000", "Charleroi"), ("1000", "Bruxelles")],
          "de": [("4700", "Eupen"), ("4780", "Sankt Vith")]}
STREETS = {"nl": "Kerkstraat", "fr": "Rue de l'Église", "de": "Kirchstraße"}
STATUS_SHARE = ((Status.ACTIVE, 55), (Status.STOPPED, 15), (Status.TRANSFERRED, 8), (Status.REFUSED, 8),
                (Status.REQUESTED, 8), (Status.AWAITING_ACTIVATION, 6))
PROFILES = ("stts1", "stts2", "stts3")
START = datetime(2024, 1, 1, 8, 0)


def national_number(index, offset=0):
    """The `index`th valid national number of people born 1930-1999 (the counter runs first)."""
    index += offset
    born = date(1930, 1, 1) + timedelta(days=index // 998 % 25000)
    base = f"{born:%y%m%d}{index % 998 + 1:03d}"
    return f"{base}{97 - int(base) % 97:02d}"


def bulk_insert(model, columns, rows):
    """INSERT `rows` (tuples in the order of `columns`) into `model`'s table, a batch per statement.

    The model's other columns get their defaults (the database has none of its own for them).
    """
    table = model._meta.table_name
    others = [field for field in model._meta.sorted_fields
              if field.column_name not in columns and not isinstance(field, AutoField)
              and not (field.null and field.default is None)]
    defaults = tuple(field.db_value(field.default() if callable(field.default) else field.default)
                     for field in others)
    columns = (*columns, *(field.column_name for field in others))
    names = ", ".join(f'"{column}"' for column in columns)
    cursor = database.cursor()
    postgresql = is_postgresql(database)
    statement = (f'INSERT INTO "{table}" ({names}) VALUES %s' if postgresql else
                 f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})')
    batch = []
    for row in rows:
        batch.append((*row, *defaults) if defaults else row)
        if len(batch) >= BATCH:
            _flush(cursor, statement, batch, postgresql)
            batch = []
    if batch:
        _flush(cursor, statement, batch, postgresql)


def _flush(cursor, statement, batch, postgresql):
    if postgresql:
        from psycopg2.extras import execute_values

        execute_values(cursor, statement, batch, page_size=len(batch))
    else:
        cursor.executemany(statement, batch)


def _next_id(model):
    return (model.select(model.id).order_by(model.id.desc()).scalar() or 0) + 1


def _sync_sequences(*models):
    """After inserting explicit ids, PostgreSQL's id sequences go on after the largest."""
    if is_postgresql(database):
        for model in models:
            table = model._meta.table_name
            database.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                                 f' (SELECT COALESCE(MAX("id"), 1) FROM "{table}"))')


def operators_for(count):
    """The first `count` operators: BUCOM NL (the demo's when it is there) and then others."""
    existing = list(Enterprise.select().order_by(Enterprise.id))
    bucom = next((e for e in existing if e.name == "BUCOM NL"), None)
    operators = [bucom] if bucom else []
    operators += [e for e in existing if e is not bucom and e.name.startswith("Bench operator")]
    number = 1
    while len(operators) < count:
        name = "BUCOM NL" if not operators else f"Bench operator {number:02d}"
        number += 1
        if Enterprise.get_or_none(Enterprise.name == name):
            continue
        kbo = f"08{number:06d}"
        operators.append(Enterprise.create(name=name, kbo_number=kbo + f"{97 - int(kbo) % 97:02d}",
                                           language="nl"))
    return operators[:count]


def _person(rng):
    language = rng.choice(LANGUAGE_SHARE)
    return language, rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES[language])


def populate_users(rng, enterprise, count):
    """`count` users of `enterprise`: names, numbers, profiles, applications, some blocked."""
    applications = list(Application.catalogue())
    stts = next(a for a in applications if a.code == STTS)
    others = [a for a in applications if a.code != STTS]
    password_hash = hash_password(PASSWORD)
    first_id = _next_id(Account)
    accounts, links, terms = [], [], []
    # usernames are unique over every enterprise
    taken = {username for (username,) in Account.select(Account.username).tuples()}
    seen = {}
    for offset in range(count):
        account_id = first_id + offset
        language, first, last = _person(rng)
        # as people choose them: first.last, a number only for the second of a name
        base = f"{search_key(first).replace(' ', '')}.{search_key(last).replace(' ', '')}"[:44]
        username, number = base, seen.get(base, 1)
        while username in taken:
            number += 1
            username = f"{base}{number}"
        seen[base] = number
        taken.add(username)
        profile = None
        chosen = rng.sample(others, rng.randint(0, min(2, len(others))))
        if rng.random() < 0.6:
            chosen.append(stts)
            profile = rng.choice(PROFILES)
        at = START + timedelta(minutes=offset)
        accounts.append((account_id, enterprise.id, Role.USER, username[:50], first, last, search_key(first),
                         search_key(last), national_number(offset, 300_000), f"{username}@example.be",
                         language, password_hash, False, rng.random() < 0.03, 0, 0, profile, 1, at, at))
        links.extend((account_id, application.id) for application in chosen)
        terms.extend((enterprise.id, term[:100], account_id) for term in account_terms(first, last, username))
    bulk_insert(Account, ("id", "enterprise_id", "role", "username", "first_name", "last_name",
                          "first_name_key", "last_name_key", "national_number", "email", "language",
                          "password_hash", "must_change_password", "blocked", "failed_logins",
                          "lock_count", "stts_profile", "version", "created_at", "updated_at"), accounts)
    bulk_insert(AccountApplication, ("account_id", "application_id"), links)
    bulk_insert(AccountTerm, ("enterprise_id", "term", "account_id"), sorted(set(terms)))
    _sync_sequences(Account, AccountApplication)
    return first_id


def populate_dossiers(rng, operators, count, performers):
    """`count` dossiers over `operators` (the first holds a third), each with its history; tasks."""
    first_id = _next_id(Dossier)
    first_action = _next_id(DossierAction)
    statuses = [status for status, share in STATUS_SHARE for _ in range(share)]
    categories, formulas, reasons = list(Category), list(Formula), list(StopReason)
    dossiers, terms, actions, tasks = [], [], [], []
    today = date(2026, 11, 30)
    for offset in range(count):
        dossier_id = first_id + offset
        operator = operators[0] if offset % 3 == 0 or len(operators) == 1 else rng.choice(operators[1:])
        language, first, last = _person(rng)
        postcode, city = rng.choice(CITIES[language])
        status = rng.choice(statuses)
        requested = today - timedelta(days=rng.randint(0, 1000))
        activated = requested + timedelta(days=rng.randint(1, 20)) if status in (
            Status.ACTIVE, Status.STOPPED, Status.TRANSFERRED) else None
        ended = (activated + timedelta(days=rng.randint(1, 200))
                 if activated and status != Status.ACTIVE else None)
        household = f"HB{offset:08d}"
        at = datetime.combine(requested, datetime.min.time()) + timedelta(hours=9)
        dossiers.append((
            dossier_id, operator.id, national_number(offset), last, first,
            search_key(f"{last} {first}"), search_key(first), f"{STREETS[language]} {offset % 200 + 1}",
            postcode, city, language, rng.choice(categories), rng.choice(formulas),
            f"C-{dossier_id:08d}", f"+32470{offset:06d}"[:12] if offset < 1_000_000 else f"+3248{offset:07d}",
            requested, activated, ended, status,
            rng.choice(reasons) if status == Status.STOPPED else None,
            "not_confirmed" if status == Status.REFUSED else None,
            household, household if status in Status.open() else None, 1, at, at))
        terms.extend((operator.id, term[:100], dossier_id) for term in search_terms(first, last))
        performer = performers.get(operator.id)
        name = "Bench" if performer is None else "Bench user"
        actions.append((first_action + len(actions), dossier_id, ActionKind.REQUESTED, at, performer, name))
        if activated:
            actions.append((first_action + len(actions), dossier_id, ActionKind.ACTIVATED,
                            at + timedelta(days=1), performer, name))
        if offset % 50 == 0:
            kind = rng.choice(list(TaskKind))
            status_of_task = TaskStatus.OPEN if offset % 100 == 0 else TaskStatus.HANDLED
            tasks.append((operator.id, dossier_id, kind, status_of_task, at, "",
                          at + timedelta(days=3) if status_of_task == TaskStatus.HANDLED else None, ""))
    bulk_insert(Dossier, (
        "id", "enterprise_id", "national_number", "last_name", "first_name", "name_key", "first_name_key",
        "street", "postcode", "city", "language", "category", "formula", "customer_number", "line_number",
        "requested_on", "activated_on", "ended_on", "status", "stop_reason", "refusal_reason", "household",
        "household_slot", "version", "created_at", "updated_at"), dossiers)
    bulk_insert(DossierTerm, ("enterprise_id", "term", "dossier_id"), sorted(set(terms)))
    bulk_insert(DossierAction, ("id", "dossier_id", "kind", "at", "performer_id", "performer_name"), actions)
    first_task = _next_id(Task)
    bulk_insert(Task, ("enterprise_id", "dossier_id", "kind", "status", "created_at", "comment",
                       "handled_at", "handled_by_name"), tasks)
    # the tasks count as announced on the web task list, as if the nightly job had routed them
    # (otherwise the next request would announce them all: web.deliveries)
    marker = database.param
    database.execute_sql(
        'INSERT INTO "task_notice" ("task_id", "destination", "noticed_at", "error")'
        f' SELECT "id", {marker}, {marker}, \'\' FROM "task" WHERE "id" >= {marker}',
        (Destination.TASK_LIST, START, first_task))
    _sync_sequences(Dossier, DossierAction, Task, TaskNotice)


def populate_audit(enterprise, first_account, count):
    """Some history for the enterprise's audit log: one event per hundred users."""
    rows = [(START + timedelta(minutes=i * 100), "user.created", enterprise.id, "account",
             first_account + i * 100, "Bench", "{}", "", "", "") for i in range(count // 100)]
    bulk_insert(AuditEvent, ("at", "action", "enterprise_id", "subject_type", "subject_id", "subject_name",
                             "changes", "actor_name", "actor_system", "ip_address"), rows)


@click.command("populate")
@click.option("--users", "user_count", type=click.IntRange(min=0), default=100_000, show_default=True,
              help="users of the first operator (BUCOM NL)")
@click.option("--dossiers", "dossier_count", type=click.IntRange(min=0), default=1_000_000, show_default=True,
              help="dossiers over the operators")
@click.option("--enterprises", "enterprise_count", type=click.IntRange(min=1), default=10, show_default=True,
              help="operators the dossiers are spread over")
@click.option("--seed", type=int, default=13, show_default=True)
@with_appcontext
def populate(user_count, dossier_count, enterprise_count, seed):
    """Add a large, realistic data set (users, dossiers with history, tasks) by bulk inserts."""
    rng = random.Random(seed)
    with database.connection_context():
        migrate(database)
        if not is_postgresql(database):
            # the indexes are built in memory, not through the write-ahead log page by page
            database.execute_sql("PRAGMA cache_size = -2000000")
            database.execute_sql("PRAGMA temp_store = MEMORY")
        with database.atomic():
            ensure_catalogue()
            operators = operators_for(enterprise_count)
            first_account = populate_users(rng, operators[0], user_count)
            performers = {operator.id: Account.of_enterprise(operator).where(
                Account.stts_profile.is_null(False)).select(Account.id).limit(1).scalar()
                for operator in operators}
            populate_dossiers(rng, operators, dossier_count, performers)
            populate_audit(operators[0], first_account, user_count)
        # the planner's statistics for the new rows
        database.execute_sql("ANALYZE")
    click.echo(f"Added {user_count} users to {operators[0].name} and {dossier_count} dossiers over "
               f"{len(operators)} operators.")
