"""Delivering the outbox: at least once, and never twice to the same person.

Each pass claims due messages (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so any number of workers
share the queue), hands them to the backend in as few requests as it can, and records each
outcome. A claimed message is `sending` with a lease. The dangerous moment is a worker dying, or
an answer being lost, after the provider took the message but before we marked it: SendGrid has
no idempotency keys, so blindly sending again could mail the person twice. Instead such a message
keeps its `sending` state until its lease runs out, and the decision waits for evidence: the
Event Webhook reports every message SendGrid accepts (a `processed` event carrying our outbox id),
which marks it sent. Only when no evidence came is it sent again, and only if evidence could
have come (the webhook is configured) or resending cannot duplicate (the file backend overwrites
by id); otherwise it is failed with the reason, for a person to decide. A message rendered by
the worker (a signer's email) is committed rendered before the hand-over, so one whose lease
ran out still unrendered was never handed over, and is sent again without waiting for evidence.
"""

from __future__ import annotations

import logging
import os
import random
import secrets
import socket
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import exists, select, update

from campaign import config as settings
from campaign.database import rows_changed
from campaign.extensions import db
from campaign.mail.errors import DeliveryError, PermanentFailure, UncertainOutcome, unexpected
from campaign.mail.interface import Result
from campaign.mail.messages import RENDER_AT_SEND, render_waiting
from campaign.models import MailEvent, OutboxMessage, Suppression
from campaign.timeutil import utcnow

log = logging.getLogger(__name__)

# Events SendGrid sends only for messages it accepted: proof of hand-over.
EVIDENCE_EVENTS = (
    "processed",
    "delivered",
    "deferred",
    "bounce",
    "dropped",
    "open",
    "click",
    "spamreport",
    "unsubscribe",
    "group_unsubscribe",
)


@dataclass(frozen=True)
class Policy:
    batch_size: int = settings.DEFAULT_MAIL_BATCH_SIZE
    lease_seconds: float = settings.DEFAULT_MAIL_LEASE_SECONDS
    uncertain_grace_seconds: float = settings.DEFAULT_MAIL_UNCERTAIN_GRACE_SECONDS
    retry_base_seconds: float = settings.DEFAULT_MAIL_RETRY_BASE_SECONDS
    retry_cap_seconds: float = settings.DEFAULT_MAIL_RETRY_CAP_SECONDS
    max_attempts: int = settings.DEFAULT_MAIL_MAX_ATTEMPTS
    resend_without_evidence: bool = False

    @classmethod
    def from_config(cls, config: Any, backend: Any) -> Policy:
        return cls(
            batch_size=int(config["MAIL_BATCH_SIZE"]),
            lease_seconds=float(config["MAIL_LEASE_SECONDS"]),
            uncertain_grace_seconds=float(config["MAIL_UNCERTAIN_GRACE_SECONDS"]),
            retry_base_seconds=float(config["MAIL_RETRY_BASE_SECONDS"]),
            retry_cap_seconds=float(config["MAIL_RETRY_CAP_SECONDS"]),
            max_attempts=int(config["MAIL_MAX_ATTEMPTS"]),
            resend_without_evidence=bool(
                getattr(backend, "idempotent", False) or config.get("SENDGRID_WEBHOOK_PUBLIC_KEY")
            ),
        )

    def backoff(self, attempts: int, retry_after: float | None = None) -> float:
        """Exponential with jitter (half fixed, half random), never before the provider's reset."""
        ceiling = min(self.retry_cap_seconds, self.retry_base_seconds * 2 ** max(0, attempts - 1))
        delay = ceiling / 2 + random.uniform(0, ceiling / 2)
        if retry_after is not None:
            # Spread the workers out after a rate-limit reset rather than all at once.
            delay = max(delay, retry_after + random.uniform(0, self.retry_base_seconds))
        return delay


@dataclass
class PassReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    recovered: dict[str, int] = field(default_factory=dict)
    pause: float | None = None  # the provider asked us to wait this long


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def deliver_once(backend: Any, policy: Policy, worker_id: str) -> PassReport:
    report = PassReport(recovered=recover_expired(policy))
    ids = claim(policy, worker_id)
    report.claimed = len(ids)
    if not ids:
        return report
    messages = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(ids)).order_by(OutboxMessage.id)
    ).all()
    messages = _render_waiting(messages, worker_id, report)
    messages = _drop_suppressed(messages, worker_id, report)
    _keep_rendered()
    results = _hand_over(backend, messages) if messages else []
    _record(results, policy, worker_id, report)
    return report


def _hand_over(backend: Any, messages: Sequence[OutboxMessage]) -> list[Result]:
    """The backend's results, whatever it raises: if a batch call fails as a whole, each message
    is handed over on its own, so one message that breaks the backend fails alone."""
    try:
        return backend.send_many(messages)
    except Exception:  # noqa: BLE001 - one message must never stop the mail
        log.exception("outbox: the backend failed a batch of %s; sending one by one", len(messages))
    results = []
    for message in messages:
        try:
            results.extend(backend.send_many([message]))
        except Exception as error:  # noqa: BLE001
            results.append(Result(message, error=unexpected(error)))
    return results


def claim(policy: Policy, worker_id: str) -> list[int]:
    """Take up to batch_size due messages for this worker, committed before any sending."""
    now = utcnow()
    candidates = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(policy.batch_size)
        .with_for_update(skip_locked=True)
    ).all()
    ids: Sequence[int] = []
    if candidates:
        # Still `pending` is re-checked in the update: SQLite has no row locks, so two workers
        # there may pick the same candidates, and only one of them may take each row.
        ids = db.session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(candidates), OutboxMessage.status == "pending")
            .values(
                status="sending",
                claimed_by=worker_id,
                lease_expires_at=now + timedelta(seconds=policy.lease_seconds),
                attempts=OutboxMessage.attempts + 1,
            )
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).all()
    db.session.commit()
    return sorted(ids)


def recover_expired(policy: Policy) -> dict[str, int]:
    """Decide about messages whose lease ran out with no recorded outcome."""
    now = utcnow()
    expired = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "sending", OutboxMessage.lease_expires_at < now)
        .limit(1000)
        .with_for_update(skip_locked=True)
    ).all()
    if not expired:
        db.session.rollback()
        return {}
    evidence = exists().where(
        MailEvent.outbox_message_id == OutboxMessage.id, MailEvent.event.in_(EVIDENCE_EVENTS)
    )
    proven = _finish(
        expired, evidence, status="sent", sent_at=now, lease_expires_at=None, last_error=None
    )
    never_handed_over = _finish(
        expired,
        OutboxMessage.headers[RENDER_AT_SEND].as_string().is_not(None)
        & (OutboxMessage.attempts < policy.max_attempts),
        status="pending",
        next_attempt_at=now,
        lease_expires_at=None,
        claimed_by=None,
        last_error="its worker stopped before handing it over: sending it",
    )
    if policy.resend_without_evidence:
        # A worker that died mid-pass leaves its messages here: their attempts count too, so a
        # message that kills every worker that takes it still ends at the cap.
        spent = _finish(
            expired,
            ~evidence & (OutboxMessage.attempts >= policy.max_attempts),
            status="failed",
            lease_expires_at=None,
            last_error="gave up after the last attempt: no outcome recorded (the worker stopped)",
        )
        rest = _finish(
            expired,
            ~evidence,
            status="pending",
            next_attempt_at=now,
            lease_expires_at=None,
            claimed_by=None,
            last_error="hand-over unconfirmed and no provider event: sending again",
        )
        outcome = {"sent": proven, "requeued": never_handed_over + rest, "failed": spent}
    else:
        rest = _finish(
            expired,
            ~evidence,
            status="failed",
            lease_expires_at=None,
            last_error="outcome unknown: the provider may have accepted it, and no "
            "webhook is configured to tell; not resent to avoid a "
            "duplicate (`flask outbox retry` sends it again)",
        )
        outcome = {"sent": proven, "requeued": never_handed_over, "failed": rest}
    db.session.commit()
    if rest:
        log.warning("outbox: %s expired lease(s) without evidence of hand-over", rest)
    return outcome


def _finish(ids, condition, **values) -> int:
    result = rows_changed(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "sending", condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result


def _render_waiting(messages, worker_id: str, report: PassReport) -> list[OutboxMessage]:
    """Render the messages queued unrendered (a signer's emails); one whose signature has gone
    since it was queued (erased) is failed, never sent."""
    unrenderable = render_waiting(messages)
    if not unrenderable:
        return list(messages)
    report.failed += _mark(
        worker_id,
        [m.id for m in unrenderable],
        status="failed",
        lease_expires_at=None,
        last_error="nothing to render: the signature it was for is gone",
    )
    db.session.commit()
    return [m for m in messages if m not in unrenderable]


def _keep_rendered() -> None:
    """Commit what rendering wrote before anything reaches the provider. Then a message still
    marked unrendered when its lease runs out was never handed over (its worker stopped first,
    say while rendering a batch), and `recover_expired` sends it again whatever the evidence."""
    session = db.session()
    if not session.dirty:
        return
    expire = session.expire_on_commit
    session.expire_on_commit = False  # the messages are handed over next, as they are
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire


def _drop_suppressed(messages, worker_id: str, report: PassReport) -> list[OutboxMessage]:
    addresses = {m.to_email.lower() for m in messages}
    suppressed = dict(
        db.session.execute(
            select(Suppression.email, Suppression.reason).where(Suppression.email.in_(addresses))
        ).all()
    )
    if not suppressed:
        return list(messages)
    for message in messages:
        reason = suppressed.get(message.to_email.lower())
        if reason:
            _mark(
                worker_id,
                [message.id],
                status="failed",
                lease_expires_at=None,
                last_error=f"suppressed: the address is on the suppression list ({reason})",
            )
            report.failed += 1
    db.session.commit()
    return [m for m in messages if m.to_email.lower() not in suppressed]


def _record(results: list[Result], policy: Policy, worker_id: str, report: PassReport) -> None:
    now = utcnow()
    accepted: dict[str | None, list[int]] = {}
    # Retries are grouped by attempt count so a batch that failed together is retried together
    # (one request again) instead of being scattered by per-message jitter.
    retries: dict[int, tuple[list[int], DeliveryError]] = {}
    for result in results:
        message, error = result.message, result.error
        if error is None:
            accepted.setdefault(result.provider_message_id, []).append(message.id)
        elif isinstance(error, PermanentFailure):
            report.failed += _mark(
                worker_id,
                [message.id],
                status="failed",
                lease_expires_at=None,
                last_error=error.detail,
            )
        elif isinstance(error, UncertainOutcome):
            report.uncertain += _mark(
                worker_id,
                [message.id],
                last_error=f"{error.detail}; awaiting provider events",
                lease_expires_at=now + timedelta(seconds=policy.uncertain_grace_seconds),
            )
        elif message.attempts >= policy.max_attempts:
            report.failed += _mark(
                worker_id,
                [message.id],
                status="failed",
                lease_expires_at=None,
                last_error=f"gave up after {message.attempts} attempts: {error.detail}",
            )
        else:
            retries.setdefault(message.attempts, ([], error))[0].append(message.id)
    for attempts, (ids, error) in retries.items():
        if error.retry_after is not None:
            report.pause = max(report.pause or 0.0, error.retry_after)
        delay = policy.backoff(attempts, error.retry_after)
        report.retried += _mark(
            worker_id,
            ids,
            status="pending",
            lease_expires_at=None,
            claimed_by=None,
            last_error=error.detail,
            next_attempt_at=now + timedelta(seconds=delay),
        )
    if report.uncertain:
        # A provider that stops answering clearly is struggling: give it a moment before the
        # next batch rather than piling more unclear hand-overs on it.
        report.pause = max(report.pause or 0.0, policy.backoff(1))
    for provider_id, ids in accepted.items():
        report.sent += _mark(
            worker_id,
            ids,
            status="sent",
            sent_at=now,
            lease_expires_at=None,
            provider_message_id=provider_id,
            last_error=None,
        )
    db.session.commit()


def _mark(worker_id: str, ids: list[int], **values) -> int:
    """Update only rows this worker still holds, so a late worker never overwrites another's."""
    result = rows_changed(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(ids),
            OutboxMessage.status == "sending",
            OutboxMessage.claimed_by == worker_id,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result
