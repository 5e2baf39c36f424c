"""Small factories for tests: real rows, built the way the app builds them."""

from campaign.core.campaigns import add_wording
from campaign.extensions import db
from campaign.models import Campaign
from campaign.petitions.demo import PRIVACY_TEXT, UPDATES_TEXT


def make_campaign(slug: str = "save-our-centres", **fields) -> Campaign:
    values = {
        "title": "Save our children's centres",
        "target": "Secretary of State for Education",
        "summary": "Fund children's centres.",
        "body": "First paragraph.\n\nSecond paragraph.",
        "goal": 1000,
        "state": "open",
        "kind": "petition",
    }
    values.update(fields)
    campaign = Campaign(slug=slug, **values)
    db.session.add(campaign)
    db.session.flush()
    add_wording(campaign, PRIVACY_TEXT, UPDATES_TEXT, created_by="tests")
    db.session.commit()
    return campaign
