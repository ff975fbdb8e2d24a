"""One vocabulary for audit events: every action the code records has a name."""

import re
from pathlib import Path

from db.dossiers import ActionKind
from db.messages import RecordStatus
from domain.activity import ACTIONS, action_name, describe
from domain.certificates import Outcome

ROOT = Path(__file__).resolve().parent.parent
LITERAL_ACTION = re.compile(r'"([a-z_]+\.[a-z_]+)"')
# audit.record(actor, "the.action", ...): the second argument
RECORDING = re.compile(r"audit\.record\([^,]*,\s*(.*?)(?:,|\))", re.DOTALL)


def recorded_literals():
    """The action codes written as string literals in calls to audit.record."""
    found = set()
    for path in [*ROOT.glob("domain/*.py"), *ROOT.glob("blueprints/**/*.py"), *ROOT.glob("commands/**/*.py")]:
        for first_argument in RECORDING.findall(path.read_text()):
            found.update(LITERAL_ACTION.findall(first_argument))
    return found


def test_every_recorded_action_has_a_name():
    built = {f"dossier.{kind}" for kind in ActionKind}
    built |= {f"certificate.{outcome}" for outcome in (Outcome.REGISTERED, Outcome.REPLACED)}
    built |= {f"exchange.record_{status}" for status in RecordStatus}
    recorded = recorded_literals() | built
    assert "user.blocked" in recorded and "exchange.registered" in recorded  # the scan works
    assert sorted(recorded - set(ACTIONS)) == []


def test_names_and_phrases_in_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert action_name("user.blocked") == "Utilisateur bloqué"
        assert action_name("no.such_action") == "Modification «\u00a0no.such_action\u00a0»"


class Event:
    def __init__(self, action, subject_name):
        self.action, self.subject_name, self.change_dict = action, subject_name, {}


def test_the_feed_names_the_subject(app):
    with app.test_request_context():
        assert describe(Event("user.blocked", "Jan Peeters")) == "Gebruiker Jan Peeters geblokkeerd"
        assert describe(Event("enterprise.created", "KALMO")) == "Onderneming aangemaakt: KALMO"
        assert describe(Event("enterprise.created", "")) == "Onderneming aangemaakt"
