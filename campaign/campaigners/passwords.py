"""Password hashing (argon2id) and the password policy for campaigner accounts."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
# argon2 copes with any length, but a cap stops a megabyte "password" from costing CPU.
MAX_LENGTH = 256

_hasher = PasswordHasher()
# Verifying against this when no account exists makes a wrong email cost as long as a wrong
# password, so timing does not reveal which addresses have accounts.
_DUMMY_HASH = _hasher.hash("no account has this password, it only burns time")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when the password matches; always spends one argon2 verification."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
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
