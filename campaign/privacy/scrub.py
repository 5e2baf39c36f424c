"""Removing a signer's personal data while keeping what the counts and the law need.

A scrubbed signature keeps its campaign, status, dates, council (and any constituency), so every
count stays right; it loses name, email, postcode, internet address and browser. Its consent
records keep what was agreed to and when (the proof of consent) but lose the address; its emails
keep their kind and delivery state but lose the address, the body and its links."""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import String, cast, literal, select, update

from campaign.database import rows_changed
from campaign.extensions import db
from campaign.models import ConsentRecord, MailEvent, OutboxMessage, Signature


def scrub_signatures(ids: list[int], now: datetime) -> int:
    """Scrub these signatures and everything linked to them, in the caller's transaction.
    Returns how many signatures changed (already scrubbed ones are left alone)."""
    if not ids:
        return 0
    changed = rows_changed(
        update(Signature)
        .where(Signature.id.in_(ids), Signature.anonymised_at.is_(None))
        .values(
            name="",
            email="",
            # Unique per row, since (campaign, canonical email, slot) is unique.
            email_canonical=literal("anonymised:") + cast(Signature.id, String),
            postcode=None,
            ip_address=None,
            user_agent=None,
            anonymised_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    rows_changed(
        update(ConsentRecord)
        .where(ConsentRecord.signature_id.in_(ids))
        .values(email="", ip_address=None)
        .execution_options(synchronize_session=False)
    )
    message_ids = list(
        db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.signature_id.in_(ids)))
    )
    scrub_messages(message_ids)
    return changed


def scrub_messages(message_ids: list[int]) -> None:
    """Emails keep their kind, subject and delivery state; address, body and links go."""
    for chunk in _chunks(message_ids):
        rows_changed(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(chunk))
            .values(to_email="", to_name=None, text_body="", html_body=None, headers={})
            .execution_options(synchronize_session=False)
        )
        rows_changed(
            update(MailEvent)
            .where(MailEvent.outbox_message_id.in_(chunk))
            .values(email="", payload={})
            .execution_options(synchronize_session=False)
        )


def _chunks(values: list[int], size: int = 500) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
