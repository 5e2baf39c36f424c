"""Campaign updates: a campaigner writes once; every signer who opted in gets their own copy.

Each copy is an outbox message written in one transaction with the CampaignUpdate, so an update
is either queued for everyone or for no one, and a retry by the campaigner cannot half-send it
twice. Delivery batches the copies up to 1,000 personalizations per SendGrid request.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from campaign.core.tokens import make_token
from campaign.extensions import db
from campaign.mail import outbox
from campaign.models import Campaign, CampaignUpdate, Signature, Suppression
from campaign.urls import external_url

MAX_SUBJECT = 150
MAX_BODY = 20_000


class UpdateRejected(ValueError):
    """The update cannot be sent as written; the message says what to change."""


@dataclass(frozen=True)
class Recipient:
    signature_id: int
    name: str
    email: str


def recipients(campaign_id: int) -> list[Recipient]:
    """Confirmed signers who opted in to updates, one per mailbox, none on the suppression list."""
    first_per_mailbox = (
        select(func.min(Signature.id))
        .where(
            Signature.campaign_id == campaign_id,
            Signature.status == "confirmed",
            Signature.email_updates.is_(True),
        )
        .group_by(Signature.email_canonical)
    )
    suppressed = select(Suppression.email)
    rows = db.session.execute(
        select(Signature.id, Signature.name, Signature.email)
        .where(Signature.id.in_(first_per_mailbox), func.lower(Signature.email).not_in(suppressed))
        .order_by(Signature.id)
    ).all()
    return [Recipient(*row) for row in rows]


def send_campaign_update(campaign_id: int, subject: str, body: str, sent_by: str) -> CampaignUpdate:
    """Queue an update to every opted-in signer of a campaign. Raises UpdateRejected."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise UpdateRejected("That campaign does not exist.")
    subject, body = _check(subject, body)
    update = CampaignUpdate(
        campaign_id=campaign_id, subject=subject, body=body, sent_by=str(sent_by)[:254]
    )
    db.session.add(update)
    db.session.flush()
    people = recipients(campaign_id)
    petition_url = external_url("petitions.show", slug=campaign.slug)
    paragraphs = [p.split("\n") for p in body.split("\n\n") if p.strip()]
    for person in people:
        outbox.enqueue(
            db.session,
            kind="campaign_update",
            to_email=person.email,
            to_name=person.name,
            signature_id=person.signature_id,
            campaign_update_id=update.id,
            context={
                "name": person.name,
                "campaign": campaign,
                "subject": subject,
                "body": body,
                "paragraphs": paragraphs,
                "petition_url": petition_url,
                "unsubscribe_url": external_url(
                    "petitions.unsubscribe", token=make_token("unsubscribe", person.signature_id)
                ),
            },
        )
    update.recipient_count = len(people)
    db.session.commit()
    return update


def _check(subject: str, body: str) -> tuple[str, str]:
    subject = " ".join((subject or "").split())
    body = (body or "").replace("\r\n", "\n").strip()
    if not subject:
        raise UpdateRejected("Enter a subject for the update.")
    if len(subject) > MAX_SUBJECT:
        raise UpdateRejected(f"The subject must be {MAX_SUBJECT} characters or fewer.")
    if not body:
        raise UpdateRejected("Enter the text of the update.")
    if len(body) > MAX_BODY:
        raise UpdateRejected(f"The update must be {MAX_BODY:,} characters or fewer.")
    if any(not (c.isprintable() or c == "\n") for c in body):
        raise UpdateRejected("The update contains control characters: paste it as plain text.")
    return subject, body
