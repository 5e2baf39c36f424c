"""What the outbox looks like, for `flask outbox status` and the campaigners' pages: how many
messages are in each state and which failed, with the reason, so nothing fails silently."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import OutboxMessage
from campaign.models.outbox import OUTBOX_STATES


@dataclass(frozen=True)
class FailedMessage:
    id: int
    kind: str
    to_email: str
    attempts: int
    last_error: str | None
    created_at: datetime


@dataclass(frozen=True)
class DeliverySummary:
    by_status: dict[str, int]
    recent_failures: list[FailedMessage]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


def delivery_summary(campaign_update_id: int | None = None, failures: int = 20) -> DeliverySummary:
    """Counts by state (all messages, or one campaign update's) and the latest failures."""
    scope = []
    if campaign_update_id is not None:
        scope.append(OutboxMessage.campaign_update_id == campaign_update_id)
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).where(*scope).group_by(OutboxMessage.status)
        ).all()
    )
    failed = db.session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.kind,
            OutboxMessage.to_email,
            OutboxMessage.attempts,
            OutboxMessage.last_error,
            OutboxMessage.created_at,
        )
        .where(OutboxMessage.status == "failed", *scope)
        .order_by(OutboxMessage.id.desc())
        .limit(failures)
    ).all()
    return DeliverySummary(
        by_status={state: counts.get(state, 0) for state in OUTBOX_STATES},
        recent_failures=[FailedMessage(*row) for row in failed],
    )
