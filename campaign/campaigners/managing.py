"""Creating, editing, opening and closing campaigns, and versioning their consent wording."""

from sqlalchemy import select

from campaign.core.campaigns import add_wording, forget_gate
from campaign.extensions import db
from campaign.models import Campaign, ConsentWording
from campaign.timeutil import utcnow

EDITABLE = ("kind", "title", "target", "summary", "body", "goal", "opens_at", "closes_at")
DEFAULT_PRIVACY = (
    "I agree to Best Start keeping my name, email address and postcode to count my signature "
    "and show how many people signed in each council area, as the privacy notice explains."
)
DEFAULT_UPDATES = (
    "Email me updates about this campaign. I can unsubscribe with one click from any email."
)


class CampaignError(ValueError):
    """A change the rules do not allow; the message says why, for people."""


def all_campaigns() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.created_at.desc())))


def slug_taken(slug: str, except_id: int | None = None) -> bool:
    found = db.session.scalar(select(Campaign.id).where(Campaign.slug == slug))
    return found is not None and found != except_id


def create(values: dict, created_by: str) -> Campaign:
    if slug_taken(values["slug"]):
        raise CampaignError("Another campaign already uses that web address name")
    campaign = Campaign(
        slug=values["slug"], state="draft", **{key: values[key] for key in EDITABLE}
    )
    db.session.add(campaign)
    db.session.flush()
    # Every campaign starts with wording, so it can be opened without a signature lacking one.
    add_wording(campaign, DEFAULT_PRIVACY, DEFAULT_UPDATES, created_by)
    db.session.commit()
    return campaign


def update(campaign: Campaign, values: dict) -> None:
    old_slug = campaign.slug
    new_slug = values.get("slug", campaign.slug)
    if new_slug != campaign.slug:
        # Links already emailed to signers carry the slug.
        if campaign.state != "draft":
            raise CampaignError("The web address cannot change once the campaign has opened")
        if slug_taken(new_slug, campaign.id):
            raise CampaignError("Another campaign already uses that web address name")
        campaign.slug = new_slug
    for key in EDITABLE:
        setattr(campaign, key, values[key])
    db.session.commit()
    forget_gate(old_slug)
    forget_gate(new_slug)


def open_campaign(campaign: Campaign) -> None:
    if campaign.state == "open":
        return
    if not campaign.title.strip():
        raise CampaignError("Give the campaign a title before opening it")
    if campaign.kind == "petition" and not campaign.target.strip():
        raise CampaignError("Say who the petition is addressed to before opening it")
    now = utcnow()
    if campaign.closes_at and campaign.closes_at <= now:
        raise CampaignError("The closing time has passed: set a later one, or none, first")
    if campaign.opens_at is None:
        campaign.opens_at = now
    campaign.state = "open"
    db.session.commit()
    forget_gate(campaign.slug)


def close_campaign(campaign: Campaign) -> None:
    if campaign.state != "open":
        raise CampaignError("Only an open campaign can be closed")
    now = utcnow()
    if campaign.closes_at is None or campaign.closes_at > now:
        campaign.closes_at = now
    campaign.state = "closed"
    db.session.commit()
    forget_gate(campaign.slug)


def wordings(campaign: Campaign) -> list[ConsentWording]:
    return list(
        db.session.scalars(
            select(ConsentWording)
            .where(ConsentWording.campaign_id == campaign.id)
            .order_by(ConsentWording.version.desc())
        )
    )


def change_wording(
    campaign: Campaign, privacy_text: str, updates_text: str, created_by: str
) -> ConsentWording | None:
    """Add a new version when the words changed; returns None when they did not."""
    current = wordings(campaign)
    if current and (current[0].privacy_text, current[0].updates_text) == (
        privacy_text,
        updates_text,
    ):
        return None
    wording = add_wording(campaign, privacy_text, updates_text, created_by)
    db.session.commit()
    return wording
