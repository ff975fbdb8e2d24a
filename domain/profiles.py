"""The STTS profiles and the functions each one grants, exactly as the manual lists them."""

from flask_babel import lazy_gettext as _l

from db.applications import STTS

REQUEST = "dossier.request"
TRANSFER = "dossier.transfer"
MODIFY = "dossier.modify"
STOP = "dossier.stop"
SEARCH = "dossier.search"
CANCEL_ACTION = "action.cancel"
TASKS = "tasks.handle"

FUNCTION_NAMES = {
    REQUEST: _l("Request a social telephone tariff"),
    TRANSFER: _l("Transfer a social telephone tariff (from operator A to operator B)"),
    MODIFY: _l("Modify a dossier"),
    STOP: _l("Stop a reduction and the social telephone tariff"),
    SEARCH: _l("Search a dossier"),
    CANCEL_ACTION: _l("Cancel an action"),
    TASKS: _l("Consult and handle the operator's tasks"),
}

STTS1, STTS2, STTS3 = "stts1", "stts2", "stts3"

PROFILE_FUNCTIONS = {
    STTS1: (REQUEST, TRANSFER, MODIFY, SEARCH),
    STTS2: (REQUEST, TRANSFER, MODIFY, STOP, SEARCH),
    STTS3: (REQUEST, TRANSFER, MODIFY, STOP, SEARCH, CANCEL_ACTION, TASKS),
}

PROFILE_NAMES = {
    STTS1: _l("STTS 1: Commercial profile"),
    STTS2: _l("STTS 2: Administrative profile"),
    STTS3: _l("STTS 3: Extended administrative profile"),
}

PROFILES = tuple(PROFILE_FUNCTIONS)


def functions_of(profile):
    """The functions a profile grants (none for no profile)."""
    return PROFILE_FUNCTIONS.get(profile, ())


def granted_functions(account):
    """The STTS functions `account` may use: its profile's, and none without access to STTS."""
    functions = functions_of(account.stts_profile)
    return frozenset(functions) if functions and account.may_use(STTS) else frozenset()


def may_enter_stts(account):
    """An account enters the STTS application with an STTS profile and access to STTS."""
    return bool(granted_functions(account))


def grants(account, function):
    """True when `account` may use STTS `function`."""
    return function in granted_functions(account)
