"""Looking up campaigns and their current consent wording."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import inspect, select

from campaign.core.cache import Cache
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


# The campaign as public pages show it, detached from any session so that it can be shared by
# every request for CAMPAIGN_CACHE_SECONDS (a page and its count JSON are most of a peak's reads).
_public: Cache[Campaign | None] = Cache(maxsize=1000, ttl_setting="CAMPAIGN_CACHE_SECONDS")


def public_campaign(slug: str) -> Campaign | None:
    """The campaign for a public page, read at most once per CAMPAIGN_CACHE_SECONDS per process.
    Only its own columns can be read from it: it belongs to no session."""
    return _public.get_or_set(slug, lambda: _copy(by_slug(slug)))


def kept_public_campaign(slug: str, ttl: float) -> Campaign | None:
    """The campaign public_campaign would hand out now, if it holds it: never a query."""
    return _public.peek(slug, ttl)


def read_public_campaign(slug: str) -> Campaign | None:
    """The campaign read now, not kept: see keep_public_campaign."""
    return _copy(by_slug(slug))


def keep_public_campaign(slug: str, campaign: Campaign | None, read_at: float) -> None:
    """Hand out a campaign read ahead of time (read_at: time.monotonic() before reading)."""
    _public.put(slug, campaign, read_at)


def _copy(campaign: Campaign | None) -> Campaign | None:
    """A copy of the row's columns in no session (the row itself stays in the caller's)."""
    if campaign is None:
        return None
    return Campaign(**{a.key: getattr(campaign, a.key) for a in inspect(Campaign).column_attrs})


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


# Slugs come from URLs: the cache is bounded, least recently used first out.
_gates: Cache[SigningGate | None] = Cache(maxsize=1000, ttl_setting="CAMPAIGN_CACHE_SECONDS")


def signing_gate(slug: str) -> SigningGate | None:
    """The campaign's signing gate; a change (say, closing it) is seen within
    CAMPAIGN_CACHE_SECONDS in every process."""
    return _gates.get_or_set(slug, lambda: _read_gate(slug))


def forget_gate(slug: str) -> None:
    """After a change to the campaign's state or times in this process: seen here at once."""
    _gates.forget(slug)
    _public.forget(slug)


def _read_gate(slug: str) -> SigningGate | None:
    row = db.session.execute(
        select(Campaign.id, Campaign.state, Campaign.opens_at, Campaign.closes_at).where(
            Campaign.slug == slug
        )
    ).first()
    return SigningGate(*row) if row else None


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
