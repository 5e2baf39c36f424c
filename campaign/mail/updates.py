"""Campaign updates: a campaigner writes once; every signer who opted in gets their own copy.

Each copy is an outbox message written in one transaction with the CampaignUpdate, so an update
is either queued for everyone or for no one, and a retry by the campaigner cannot half-send it
twice. Delivery batches the copies up to 1,000 personalizations per SendGrid request.

An update can go to everyone opted in or only to those in chosen councils or constituencies (the
caller turns regions into their councils), and its subject and text can carry merge fields:
{first_name}, {council} and {mp}, filled in for each person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from campaign.core.tokens import make_token
from campaign.extensions import db
from campaign.mail import outbox
from campaign.models import Campaign, CampaignUpdate, Constituency, Signature, Suppression
from campaign.urls import external_url

MAX_SUBJECT = 150
MAX_BODY = 20_000
EVERYONE = "Everyone opted in"
# Merge fields, and what each becomes when the signer's record has nothing to fill it.
MERGE_FIELDS = {"first_name": "friend", "council": "your council", "mp": "your MP"}
_FIELD = re.compile(r"\{([a-z_]+)\}")


class UpdateRejected(ValueError):
    """The update cannot be sent as written; the message says what to change."""


@dataclass(frozen=True)
class Audience:
    """Who an update goes to: everyone opted in, or those in any of the chosen places."""

    everyone: bool = True
    # When not everyone: those in any of these (possibly none, if the places chosen have no
    # one opted in; the update then reaches nobody rather than everybody).
    council_codes: frozenset[str] = frozenset()
    constituency_codes: frozenset[str] = frozenset()
    description: str = EVERYONE


@dataclass(frozen=True)
class Recipient:
    signature_id: int
    name: str
    email: str
    council_name: str | None = None
    constituency_code: str | None = None


def recipients(campaign_id: int, audience: Audience | None = None) -> list[Recipient]:
    """Confirmed signers who opted in to updates, one per mailbox, none on the suppression list,
    and (for a chosen audience) only those in its councils or constituencies."""
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
    query = (
        select(
            Signature.id,
            Signature.name,
            Signature.email,
            Signature.council_name,
            Signature.constituency_code,
        )
        .where(Signature.id.in_(first_per_mailbox), func.lower(Signature.email).not_in(suppressed))
        .order_by(Signature.id)
    )
    if audience is not None and not audience.everyone:
        query = query.where(
            or_(
                Signature.council_code.in_(sorted(audience.council_codes)),
                Signature.constituency_code.in_(sorted(audience.constituency_codes)),
            )
        )
    return [Recipient(*row) for row in db.session.execute(query).all()]


def merge(text: str, person: Recipient, mps: dict[str, str]) -> str:
    """The text with its merge fields filled in for one person."""
    values = {
        "first_name": person.name.split()[0] if person.name.split() else "",
        "council": person.council_name or "",
        "mp": mps.get(person.constituency_code or "", ""),
    }
    return _FIELD.sub(
        lambda m: values.get(m.group(1)) or MERGE_FIELDS.get(m.group(1), m.group(0)), text
    )


def mp_names(people: list[Recipient]) -> dict[str, str]:
    codes = sorted({p.constituency_code for p in people if p.constituency_code})
    if not codes:
        return {}
    rows = db.session.execute(
        select(Constituency.code, Constituency.mp_name).where(Constituency.code.in_(codes))
    )
    return {code: name for code, name in rows if name}


@dataclass(frozen=True)
class Preview:
    reach: int
    subject: str  # merged for the first person it will reach (or as written, if none)
    body: str
    example_name: str | None


def preview(campaign_id: int, subject: str, body: str, audience: Audience) -> Preview:
    """How many people an update will reach, and how it reads for the first of them."""
    subject, body = _check(subject, body)
    people = recipients(campaign_id, audience)
    if not people:
        return Preview(0, subject, body, None)
    mps = mp_names(people[:1])
    first = people[0]
    return Preview(len(people), merge(subject, first, mps), merge(body, first, mps), first.name)


def send_campaign_update(
    campaign_id: int, subject: str, body: str, sent_by: str, audience: Audience | None = None
) -> CampaignUpdate:
    """Queue an update to the campaign's opted-in signers (all, or the audience's). Raises
    UpdateRejected."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise UpdateRejected("That campaign does not exist.")
    subject, body = _check(subject, body)
    audience = audience or Audience()
    update = CampaignUpdate(
        campaign_id=campaign_id,
        subject=subject,
        body=body,
        sent_by=str(sent_by)[:254],
        audience=audience.description[:1000],
    )
    db.session.add(update)
    db.session.flush()
    people = recipients(campaign_id, audience)
    mps = mp_names(people)
    petition_url = external_url("petitions.show", slug=campaign.slug)
    for person in people:
        own_subject, own_body = merge(subject, person, mps), merge(body, person, mps)
        paragraphs = [p.split("\n") for p in own_body.split("\n\n") if p.strip()]
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
                "subject": own_subject,
                "body": own_body,
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
    unknown = sorted({m for m in _FIELD.findall(subject + body) if m not in MERGE_FIELDS})
    if unknown:
        known = ", ".join("{" + field + "}" for field in MERGE_FIELDS)
        raise UpdateRejected(
            f"{', '.join('{' + field + '}' for field in unknown)} is not a merge field: "
            f"use {known}."
        )
    return subject, body
