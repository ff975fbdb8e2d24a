"""Passwords: argon2 hashes, the password policy, and one-time passwords people can read aloud."""

import re
import secrets
import unicodedata

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


NAME_IN_PASSWORD = _l("The password must not contain your name, your username or the name of your "
                      "enterprise.")
SAME_AS_CURRENT = _l("The new password must differ from your current password.")
# a name shorter than this may well be part of an unrelated word ("Els" in "Kabels")
MIN_NAME_LETTERS = 4


def check_password(password, personal=(), field="password"):
    """`password` when the policy accepts it, else Refused (next to `field`).

    `personal` holds the words the password must not lean on: the username, the person's names,
    the enterprise's name. None of them (of 4 letters or more, whole or word by word, ignoring case,
    accents, digits and punctuation) may be in it, and zxcvbn counts them as known words.
    """
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise Refused(TOO_SHORT, field)
    if password.lower() in COMMON_PASSWORDS:
        raise Refused(COMMON, field)
    words = personal_words(personal)
    letters = _letters(password)
    if any(len(word) >= MIN_NAME_LETTERS and word in letters for word in words):
        raise Refused(NAME_IN_PASSWORD, field)
    # zxcvbn refuses to rate more than 72 characters (a ValueError: a 500); a prefix's rating is a
    # lower bound of the whole password's
    inputs = [*words, *(word for word in personal if word)]
    if zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=inputs)["score"] < MIN_STRENGTH:
        raise Refused(GUESSABLE, field)
    return password


def check_not_current(password, *, password_hash, field="new_password"):
    """`password` when it is not the account's current password (`password_hash`); else Refused."""
    if password and password_hash and verify_password(password_hash, password):
        raise Refused(SAME_AS_CURRENT, field)
    return password


def personal_words(personal):
    """Each of `personal` in letters only ('BUCOM NL' -> 'bucomnl'), and each word of it ('bucom', 'nl')."""
    words = []
    for text in personal:
        if not text:
            continue
        parts = [_letters(part) for part in re.split(r"[^\w]+|_|\d+", str(text))]
        words += [_letters(str(text)), *parts]
    return list(dict.fromkeys(word for word in words if word))


def _letters(text):
    # lower case, no accents, letters only: "Élodie-2026" -> "elodie"
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalpha() and not unicodedata.combining(c))


def generate_one_time_password():
    """A random password like 'K7QM-3XPT-9HWD-R2VC' (about 80 bits), to be changed at first use."""
    groups = ("".join(secrets.choice(READABLE_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)
