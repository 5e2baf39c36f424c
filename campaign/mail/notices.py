"""Emails other parts of the platform ask for, beyond the signing emails in petitions/signing.py."""

from __future__ import annotations

from campaign.extensions import DbSession
from campaign.mail import outbox
from campaign.models import OutboxMessage


def enqueue_booklet_ready(
    session: DbSession,
    to_email: str,
    name: str,
    council_name: str,
    booklet_url: str,
    unsubscribe_url: str | None = None,
) -> OutboxMessage:
    """'Your booklet is ready': a link to the booklet, never an attachment (attachments are
    large, trip spam filters and go stale when the figures are updated)."""
    return outbox.enqueue(
        session,
        kind="booklet_ready",
        to_email=to_email,
        to_name=name,
        context={
            "name": name,
            "council_name": council_name,
            "booklet_url": booklet_url,
            "unsubscribe_url": unsubscribe_url,
        },
    )
