"""Running delivery passes and reading the outbox back, for the mail tests."""

import json
import time
from collections import Counter
from dataclasses import replace

from flask import current_app
from sqlalchemy import func, select, update

from campaign.extensions import db
from campaign.mail.backends import get_backend
from campaign.mail.delivery import Policy, default_worker_id, deliver_once
from campaign.models import OutboxMessage
from campaign.timeutil import utcnow


def policy(**overrides) -> Policy:
    return replace(Policy.from_config(current_app.config, get_backend()), **overrides)


def one_pass(**overrides):
    report = deliver_once(get_backend(), policy(**overrides), default_worker_id())
    db.session.remove()
    return report


def deliver_until_settled(timeout: float = 15.0, **overrides) -> int:
    """Run passes until nothing is pending or sending; returns how many passes it took."""
    deadline = time.monotonic() + timeout
    passes = 0
    while time.monotonic() < deadline:
        one_pass(**overrides)
        passes += 1
        if not statuses().keys() & {"pending", "sending"}:
            return passes
        # Jump over backoff waits: the tests check the schedule separately.
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == "pending")
            .values(next_attempt_at=utcnow())
        )
        db.session.commit()
        time.sleep(0.05)
    raise AssertionError(f"outbox not settled: {statuses()}")


def statuses() -> Counter:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    db.session.commit()
    return Counter(dict(rows))


def expire_leases() -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending")
        .values(lease_expires_at=utcnow())
    )
    db.session.commit()


def post_events(client, signer, events: list[dict]):
    body = json.dumps(events).encode()
    return client.post(
        "/webhooks/sendgrid",
        data=body,
        headers={**signer.headers(body), "Content-Type": "application/json"},
    )


def wait_until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)
