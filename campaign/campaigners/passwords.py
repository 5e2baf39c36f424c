"""Password hashing (argon2id) and the password policy for campaigner accounts."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
# argon2 copes with any length, but a cap stops a megabyte "password" from costing CPU.
MAX_LENGTH = 256

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
    return None
