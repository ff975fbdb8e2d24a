"""The STTS profiles and the functions each one grants, exactly as the manual's table lists them."""

from flask_babel import lazy_gettext as _l

from db.applications import STTS
from db.codes import CodeSet


class Function(CodeSet):
    """The functions of the STTS application (the rows of the manual's table)."""

    REQUEST = "dossier.request", _l("Request a social telephone tariff")
    TRANSFER = "dossier.transfer", _l("Transfer a social telephone tariff (from operator A to operator B)")
    MODIFY = "dossier.modify", _l("Modify a dossier")
    STOP = "dossier.stop", _l("Stop a reduction and the social telephone tariff")
    SEARCH = "dossier.search", _l("Search a dossier")
    CANCEL_ACTION = "action.cancel", _l("Cancel an action")
    TASKS = "tasks.handle", _l("Consult and handle the operator's tasks")


class Profile(CodeSet):
    """The STTS profiles (the columns of the manual's table), as Account.stts_profile stores them."""

    STTS1 = "stts1", _l("STTS 1: Commercial profile")
    STTS2 = "stts2", _l("STTS 2: Administrative profile")
    STTS3 = "stts3", _l("STTS 3: Extended administrative profile")

    @property
    def functions(self):
        """The functions this profile grants, in the manual's order."""
        return PROFILE_FUNCTIONS[self]


PROFILE_FUNCTIONS = {
    Profile.STTS1: (Function.REQUEST, Function.TRANSFER, Function.MODIFY, Function.SEARCH),
    Profile.STTS2: (Function.REQUEST, Function.TRANSFER, Function.MODIFY, Function.STOP, Function.SEARCH),
    Profile.STTS3: (Function.REQUEST, Function.TRANSFER, Function.MODIFY, Function.STOP, Function.SEARCH,
                    Function.CANCEL_ACTION, Function.TASKS),
}


def functions_of(profile):
    """The functions a stored profile code grants (none for no profile, or an unknown code)."""
    return Profile(profile).functions if profile in Profile else ()


def granted_functions(account):
    """The STTS functions `account` may use: its profile's, and none without access to STTS."""
    functions = functions_of(account.stts_profile)
    return frozenset(functions) if functions and account.may_use(STTS) else frozenset()


def may_enter_stts(account):
    """An account enters the STTS application with an STTS profile and access to STTS."""
    return bool(granted_functions(account))
