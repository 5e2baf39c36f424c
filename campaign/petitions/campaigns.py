"""Looking up campaigns and their current consent wording."""

import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Campaign, ConsentWording
from campaign.models.campaigns import is_open_at
from campaign.timeutil import utcnow


def open_campaigns() -> list[Campaign]:
    now = utcnow()
    campaigns = db.session.scalars(
        select(Campaign).where(Campaign.state == "open").order_by(Campaign.created_at)
    )
    return [c for c in campaigns if c.is_open(now)]


def by_slug(slug: str) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.slug == slug))


@dataclass(frozen=True)
class SigningGate:
    """What a signing request needs to know about its campaign, cached for a moment so that a
    burst of signatures does not read the same row thousands of times a second."""

    id: int
    state: str
    opens_at: datetime | None
    closes_at: datetime | None

    def is_open(self, now: datetime) -> bool:
        return is_open_at(self.state, self.opens_at, self.closes_at, now)


_gates: dict[str, tuple[float, SigningGate | None]] = {}


def signing_gate(slug: str) -> SigningGate | None:
    """The campaign's signing gate; a change (say, closing it) is seen within
    CAMPAIGN_CACHE_SECONDS in every process."""
    max_age = current_app.config["CAMPAIGN_CACHE_SECONDS"]
    now = time.monotonic()
    cached = _gates.get(slug)
    if cached and now - cached[0] < max_age:
        return cached[1]
    row = db.session.execute(
        select(Campaign.id, Campaign.state, Campaign.opens_at, Campaign.closes_at).where(
            Campaign.slug == slug
        )
    ).first()
    gate = SigningGate(*row) if row else None
    if len(_gates) > 1000:  # slugs come from URLs: keep the cache bounded
        _gates.clear()
    _gates[slug] = (now, gate)
    return gate


def current_wording(campaign: Campaign) -> ConsentWording:
    wording = db.session.scalar(
        select(ConsentWording)
        .where(ConsentWording.campaign_id == campaign.id)
        .order_by(ConsentWording.version.desc())
        .limit(1)
    )
    if wording is None:
        raise LookupError(f"campaign {campaign.slug} has no consent wording")
    return wording


def add_wording(
    campaign: Campaign, privacy_text: str, updates_text: str, created_by: str | None = None
) -> ConsentWording:
    latest = db.session.scalar(
        select(ConsentWording.version)
        .where(ConsentWording.campaign_id == campaign.id)
        .order_by(ConsentWording.version.desc())
        .limit(1)
    )
    wording = ConsentWording(
        campaign_id=campaign.id,
        version=(latest or 0) + 1,
        privacy_text=privacy_text,
        updates_text=updates_text,
        created_by=created_by,
    )
    db.session.add(wording)
    return wording
