"""Who acts: every domain action takes an Actor first, so the rules and the audit log know who did
it, for which enterprise and from where, whether the call came from a screen, the XML channel, the
nightly job or the command line. Built once per request (web.access.current_actor), once per
message (the XML channel), once per run (the CLI)."""

from dataclasses import dataclass

from db.accounts import Account
from db.audit import System
from db.enterprises import Enterprise


@dataclass(frozen=True)
class Actor:
    """A person (their account) or a system acting on its own; the enterprise it acts for; its address.

    A person acts for their account's enterprise (none for a back-office officer); a visitor who has
    not signed in is neither a person nor a system.
    """

    account: Account | None = None
    system: System | None = None
    enterprise: Enterprise | None = None
    address: str = ""

    @classmethod
    def person(cls, account, address="", system=None):
        """`account` acting, from `address`; `system` names the channel it came through, if not a screen."""
        return cls(account=account, system=system, enterprise=account.enterprise, address=address or "")

    @classmethod
    def of_system(cls, system, enterprise=None):
        """A system acting on its own (the nightly job, the command line)."""
        return cls(system=system, enterprise=enterprise)

    @classmethod
    def visitor(cls, address=""):
        """Somebody who has not signed in (the public access request, a first sign-in)."""
        return cls(address=address or "")

    @property
    def name(self):
        """The name the audit log keeps: 'Voornaam Naam (username)' for a person, else ''."""
        if self.account is None:
            return ""
        return f"{self.account.full_name} ({self.account.username})"

    @property
    def full_name(self):
        """'Voornaam Naam' of the person acting ('' for a system), as a dossier's history shows it."""
        return self.account.full_name if self.account is not None else ""
