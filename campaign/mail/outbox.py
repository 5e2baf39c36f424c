"""The transactional outbox: messages are written with the change that caused them and
delivered afterwards, with retries, by `flask outbox deliver`."""

import logging
import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from campaign.extensions import db
from campaign.mail.backends import PermanentDeliveryError, get_backend
from campaign.mail.messages import render
from campaign.models import OutboxMessage
from campaign.timeutil import utcnow

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 8


def enqueue(
    session: Session,
    kind: str,
    to_email: str,
    context: dict,
    to_name: str | None = None,
    signature_id: int | None = None,
    headers: dict | None = None,
) -> OutboxMessage:
    """Render an email and add it to the outbox inside the caller's transaction."""
    rendered = render(kind, **context)
    headers = dict(headers or {})
    if context.get("unsubscribe_url"):
        headers.setdefault("List-Unsubscribe", f"<{context['unsubscribe_url']}>")
        headers.setdefault("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    message = OutboxMessage(
        kind=kind,
        to_email=to_email,
        to_name=to_name,
        subject=rendered.subject,
        text_body=rendered.text,
        html_body=rendered.html,
        headers=headers,
        signature_id=signature_id,
    )
    session.add(message)
    return message


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(3600, 2**attempts) * random.uniform(0.5, 1.5))


def deliver(limit: int = 100) -> int:
    """Send up to `limit` due messages. Returns how many were handed to the provider."""
    now = utcnow()
    due = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    backend = get_backend()
    sent = 0
    for message in due:
        message.attempts += 1
        try:
            message.provider_message_id = backend.send(message)
        except PermanentDeliveryError as error:
            message.status, message.last_error = "failed", str(error)
        except Exception as error:  # noqa: BLE001 - any provider fault is retried, then recorded
            log.warning("outbox message %s failed: %s", message.id, error)
            message.last_error = f"{type(error).__name__}: {error}"
            if message.attempts >= MAX_ATTEMPTS:
                message.status = "failed"
            else:
                message.next_attempt_at = utcnow() + _backoff(message.attempts)
        else:
            message.status, message.sent_at = "sent", utcnow()
            sent += 1
        db.session.commit()
    return sent
