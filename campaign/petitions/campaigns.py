"""Looking up campaigns and their current consent wording."""

from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Campaign, ConsentWording
from campaign.timeutil import utcnow


def open_campaigns() -> list[Campaign]:
    now = utcnow()
    campaigns = db.session.scalars(
        select(Campaign).where(Campaign.state == "open").order_by(Campaign.created_at)
    )
    return [c for c in campaigns if c.is_open(now)]


def by_slug(slug: str) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.slug == slug))


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
