"""Password hashing (argon2id) and the password policy for campaigner accounts.

The policy follows OWASP ASVS 5.0 (6.2.1, 6.2.4, 6.2.5, 6.2.8): at least 12 characters of any
kind, checked exactly as typed, and never one of the passwords people use most. "Most used" comes
from zxcvbn (pinned in requirements.txt): its list of the 30,000 passwords seen most often in
leaked password sets, refused outright, and its estimate of how many guesses a password built from
common passwords, words, names, dates, repeats or keyboard runs would take, refused below 10^10.
Few common passwords are 12 characters long, so people stretch short ones ("monkeymonkey",
"Dragon123456"); the estimate is what refuses those (tests/campaigners/test_passwords.py tries the
3,000 most used, stretched)."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
# argon2 copes with any length, but a cap stops a megabyte "password" from costing CPU.
MAX_LENGTH = 256
# zxcvbn refuses to score more than this (its cost grows with length); a longer password is
# judged by its first 72 characters, which already make any passphrase strong.
SCORED_LENGTH = 72
# About a day of guessing per hash for an attacker with a GPU rig against argon2id at these
# settings; zxcvbn's "very unguessable" (score 4).
MIN_GUESSES_LOG10 = 10

COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])
ADVICE = "Choose another: try three or four unrelated words, like tulip-marble-orbit"
COMMON = (
    "This is one of the 30,000 passwords people use most, so it is among the first anyone "
    f"guessing would try. {ADVICE}"
)
GUESSABLE = (
    "This password is too easy to guess: it is made from a common password, word, name, date, "
    f"repeat or keyboard pattern. {ADVICE}"
)

# OWASP's argon2id settings (19 MiB, 2 passes, 1 lane) rather than the library's 64 MiB: each
# sign-in costs a web worker that much memory for a moment, and 19 MiB is still memory-hard.
# Hashes made with other settings are upgraded at the next successful sign-in (needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@cache
def _dummy_hash() -> str:
    # Verifying against this when no account exists makes a wrong email cost as long as a wrong
    # password, so timing does not reveal which addresses have accounts.
    return _hasher.hash("no account has this password, it only burns time")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends one argon2 verification."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def _own_words(email: str) -> list[str]:
    """The parts of the account's address, which an attacker guessing it would try first."""
    local, _, domain = email.strip().lower().partition("@")
    words = local.replace("-", ".").replace("_", ".").split(".")
    return [email.strip().lower(), local, "".join(words), *words, *domain.split(".")]


def too_guessable(password: str, email: str = "") -> bool:
    """Whether zxcvbn estimates fewer than 10^MIN_GUESSES_LOG10 guesses for the password."""
    estimate = zxcvbn(password[:SCORED_LENGTH], user_inputs=_own_words(email) if email else [])
    return float(estimate["guesses_log10"]) < MIN_GUESSES_LOG10


def password_problem(password: str, email: str = "") -> str | None:
    """A plain-English reason the password is unacceptable, or None when it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use a password of at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"Use a password of at most {MAX_LENGTH} characters"
    if email and password.strip().lower() == email.strip().lower():
        return "Choose a password that is not your email address"
    if len(set(password)) < 4:
        return "Choose a password that is not one character repeated"
    if password.lower() in COMMON_PASSWORDS:
        return COMMON
    if too_guessable(password, email):
        return GUESSABLE
    return None
