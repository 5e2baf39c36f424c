from datetime import UTC, datetime, timedelta

from campaign.campaigners.throttle import (
    FREE_ATTEMPTS,
    MAX_LOCK,
    FailureRecord,
    lock_duration,
    register_failure,
    seconds_locked,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_the_first_few_failures_do_not_lock_the_address():
    record = FailureRecord()
    for _ in range(FREE_ATTEMPTS - 1):
        record = register_failure(record, NOW)
        assert seconds_locked(record, NOW) == 0


def test_each_failure_past_the_threshold_locks_for_longer_up_to_an_hour():
    durations = [lock_duration(n) for n in range(FREE_ATTEMPTS, FREE_ATTEMPTS + 10)]
    assert durations[0] == timedelta(minutes=1)
    assert all(later >= earlier for earlier, later in zip(durations, durations[1:], strict=False))
    assert durations[-1] == MAX_LOCK
    assert lock_duration(10_000) == MAX_LOCK


def test_a_locked_address_reports_the_seconds_left_and_unlocks_when_they_pass():
    record = FailureRecord()
    for _ in range(FREE_ATTEMPTS):
        record = register_failure(record, NOW)
    assert seconds_locked(record, NOW) == 60
    assert seconds_locked(record, NOW + timedelta(seconds=61)) == 0


def test_failures_older_than_a_day_are_forgotten():
    record = FailureRecord(failures=9, last_failure_at=NOW - timedelta(days=2))
    record = register_failure(record, NOW)
    assert record.failures == 1
    assert seconds_locked(record, NOW) == 0
