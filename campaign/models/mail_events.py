from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.timeutil import utcnow


class MailEvent(Model):
    """One event from SendGrid's Event Webhook (delivered, bounce, dropped, ...). Recorded once
    per sg_event_id, since SendGrid may post the same event again."""

    __tablename__ = "mail_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    sg_event_id: Mapped[str] = mapped_column(String(100), unique=True)
    event: Mapped[str] = mapped_column(String(30))
    email: Mapped[str] = mapped_column(String(254), index=True)
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str | None] = mapped_column(String(500))
    occurred_at: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)


class Suppression(Model):
    """An address we must not mail again: it bounced, or its owner reported us as spam."""

    __tablename__ = "mail_suppressions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-cased
    reason: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookReceipt(Model):
    """Each signed webhook post accepted, so a captured post replayed later is refused."""

    __tablename__ = "webhook_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    signature_digest: Mapped[str] = mapped_column(String(64), unique=True)
    signed_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
