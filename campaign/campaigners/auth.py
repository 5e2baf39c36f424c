"""Signing campaigners in: password checks, throttling, session loading and safe redirects.

Every answer to a failed sign-in is the same whether or not the address has an account, and the
throttle counts failures per address typed, so neither the message, the lockout nor the timing
tells an attacker which addresses exist.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError

from campaign.campaigners.accounts import by_email, normalise_email
from campaign.campaigners.passwords import hash_password, needs_rehash, verify_password
from campaign.campaigners.throttle import FailureRecord, register_failure, seconds_locked
from campaign.extensions import db, login_manager
from campaign.models.campaigners import Account, LoginThrottle
from campaign.timeutil import utcnow

HOME_PATH = "/campaigners/"


@dataclass(frozen=True)
class SignInResult:
    account: Account | None
    seconds_locked: int = 0


def throttle_key(email: str) -> str:
    # Hashed so the table of failures does not become a list of whatever people typed.
    return hashlib.sha256(normalise_email(email).encode("utf-8")).hexdigest()


def sign_in(email: str, password: str, now: datetime | None = None) -> SignInResult:
    """Check the credentials, recording the failure or clearing the record, and commit."""
    now = now or utcnow()
    key = throttle_key(email)
    throttle = db.session.get(LoginThrottle, key)
    record = _record_of(throttle)
    wait = seconds_locked(record, now)
    if wait:
        return SignInResult(None, wait)
    account = by_email(email)
    password_ok = verify_password(account.password_hash if account else None, password)
    if account is not None and password_ok and account.active:
        if throttle is not None:
            db.session.delete(throttle)
        if needs_rehash(account.password_hash):
            account.password_hash = hash_password(password)
        account.last_signed_in_at = now
        db.session.commit()
        return SignInResult(account)
    updated = register_failure(record, now)
    _save_failure(key, throttle, updated)
    return SignInResult(None, seconds_locked(updated, now))


def _record_of(throttle: LoginThrottle | None) -> FailureRecord:
    if throttle is None:
        return FailureRecord()
    return FailureRecord(throttle.failures, throttle.last_failure_at, throttle.locked_until)


def _save_failure(key: str, throttle: LoginThrottle | None, record: FailureRecord) -> None:
    if throttle is None:
        throttle = LoginThrottle(key=key)
        db.session.add(throttle)
    throttle.failures = record.failures
    throttle.last_failure_at = record.last_failure_at
    throttle.locked_until = record.locked_until
    try:
        db.session.commit()
    except IntegrityError:
        # Two failures for a new address at once: the other request created the row; count
        # this one on top of it rather than losing it.
        db.session.rollback()
        existing = db.session.get(LoginThrottle, key)
        assert existing is not None  # the row the other request committed
        merged = register_failure(_record_of(existing), record.last_failure_at or utcnow())
        existing.failures = merged.failures
        existing.last_failure_at = merged.last_failure_at
        existing.locked_until = merged.locked_until
        db.session.commit()


@login_manager.user_loader
def load_account(user_id: str) -> Account | None:
    account_id, _, token = user_id.partition(":")
    if not account_id.isdigit() or not token:
        return None
    account = db.session.get(Account, int(account_id))
    if account is None or not account.active:
        return None
    if not hmac.compare_digest(account.session_token, token):
        return None
    return account


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path inside the campaigners' area, never elsewhere."""
    if not target or len(target) > 2000:
        return HOME_PATH
    if any(ch in target for ch in "\\\r\n\t\x00") or not target.isprintable():
        return HOME_PATH
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(HOME_PATH):
        return HOME_PATH
    if target.startswith("//"):
        return HOME_PATH
    return target
