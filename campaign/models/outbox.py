from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

OUTBOX_STATES = ("pending", "sending", "sent", "failed")


class OutboxMessage(Model):
    """An email waiting to go, written in the same transaction as what caused it, so that
    nothing the system accepted is lost if a process or the provider fails."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        one_of("status", OUTBOX_STATES),
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_email: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str | None] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    signature_id: Mapped[int | None] = mapped_column(ForeignKey("signatures.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # Delivery bookkeeping (campaign/mail/delivery.py): which worker holds a `sending` message
    # and until when; an expired lease means its outcome must be decided from evidence.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    campaign_update_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_updates.id"), index=True
    )
