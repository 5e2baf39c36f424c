"""The slow-down and lockout policy for sign-in, as pure functions over a failure record.

Failures are counted per email address typed, whether or not an account has it, so the lockout
itself cannot reveal which addresses have accounts. Instead of sleeping (which would tie up a
worker), each failure past a threshold locks the address for a growing time, up to a cap.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

FREE_ATTEMPTS = 5
FIRST_LOCK = timedelta(minutes=1)
MAX_LOCK = timedelta(hours=1)
# A quiet day forgives old failures, so a colleague's typos last week do not lock them today.
FORGET_AFTER = timedelta(hours=24)


@dataclass
class FailureRecord:
    failures: int = 0
    last_failure_at: datetime | None = None
    locked_until: datetime | None = None


def lock_duration(failures: int) -> timedelta:
    """How long the address is locked after this many consecutive failures."""
    if failures < FREE_ATTEMPTS:
        return timedelta(0)
    doubled = FIRST_LOCK * (2 ** min(failures - FREE_ATTEMPTS, 12))
    return min(doubled, MAX_LOCK)


def seconds_locked(record: FailureRecord, now: datetime) -> int:
    """Seconds left before another attempt is allowed (0 when it is allowed now)."""
    if record.locked_until is None or record.locked_until <= now:
        return 0
    return max(1, int((record.locked_until - now).total_seconds() + 0.999))


def register_failure(record: FailureRecord, now: datetime) -> FailureRecord:
    failures = record.failures
    if record.last_failure_at is not None and now - record.last_failure_at > FORGET_AFTER:
        failures = 0
    failures += 1
    duration = lock_duration(failures)
    return FailureRecord(
        failures=failures,
        last_failure_at=now,
        locked_until=now + duration if duration else None,
    )


def describe_wait(seconds: int) -> str:
    if seconds <= 60:
        return "a minute"
    minutes = (seconds + 59) // 60
    return f"{minutes} minutes"
