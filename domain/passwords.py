"""Passwords: argon2 hashes, the password policy, and one-time passwords people can read aloud."""

import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from domain.refusals import Refused

MIN_LENGTH = 12
# zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash scenario"
MIN_STRENGTH = 3
ZXCVBN_MAX_LENGTH = 72
COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])
# no 0/O, 1/I/L: a one-time password is read from paper or over the phone
READABLE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

_hasher = PasswordHasher()


def use_cheap_hashing():
    """Tests only: the cheapest argon2 parameters, so a test suite does not wait on hashing."""
    global _hasher
    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


def hash_password(password):
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash, password):
    """True when `password` matches `password_hash`."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


# A hash of nothing anybody knows: verifying against it costs the same as a real check,
# so an unknown username takes as long to refuse as a wrong password.
_DUMMY_HASH = None


def spend_verification_time(password):
    """Do the work of one verification, for a username that does not exist."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
    verify_password(_DUMMY_HASH, password)


TOO_SHORT = _l("The password must be at least %(count)d characters long.", count=MIN_LENGTH)
COMMON = _l("This password is in a list of commonly used passwords. Choose another one.")
GUESSABLE = _l("This password is too easy to guess. Use a longer sentence or mix unrelated words.")


def check_password(password, personal=(), field="password"):
    """`password` when the policy accepts it, else Refused (next to `field`).

    `personal` holds words the password must not lean on: the username, the person's names.
    """
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise Refused(TOO_SHORT, field)
    if password.lower() in COMMON_PASSWORDS:
        raise Refused(COMMON, field)
    # zxcvbn refuses to rate more than 72 characters (a ValueError: a 500); a prefix's rating is a
    # lower bound of the whole password's
    if zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=[w for w in personal if w])["score"] < MIN_STRENGTH:
        raise Refused(GUESSABLE, field)
    return password


def generate_one_time_password():
    """A random password like 'K7QM-3XPT-9HWD-R2VC' (about 80 bits), to be changed at first use."""
    groups = ("".join(secrets.choice(READABLE_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)
