"""The demo's closed petition, so that `make run` shows the archive with a response.

Everything here is the demo's own: the response is written for the demo and says so, and is not
presented as anything a real government department said."""

from datetime import timedelta

from campaign.core.campaigns import add_wording, by_slug
from campaign.extensions import db
from campaign.models import Campaign, Milestone, TargetResponse
from campaign.timeutil import utcnow

SLUG = "keep-health-visitors-in-centres-demo"
RESPONDER = "Demo Department (a fictional department for this demonstration)"
RESPONSE_TEXT = (
    "This is a demonstration response, written for the Best Start demo. It is not a real "
    "government response and no department said it.\n\n"
    "Thank you for your petition. When a real petition closes, the campaign team records here "
    "what its target answered, and can email the answer once to everyone who signed and asked "
    "for updates.\n\n"
    "Milestones above show when the petition was handed in and when the answer arrived."
)


def load_archive_demo(privacy_text: str, updates_text: str) -> list[str]:
    """Create the demo's closed petition with its milestones and response, if missing."""
    if by_slug(SLUG) is not None:
        return []
    closed_on = utcnow() - timedelta(days=30)
    campaign = Campaign(
        slug=SLUG,
        kind="petition",
        state="closed",
        title="Keep health visitors in children's centres (demonstration)",
        target="Demo Department",
        topic="Health visiting",
        summary=(
            "A closed petition made for the demo, to show how a finished campaign reads: its "
            "final count, what happened next and the answer it got."
        ),
        body=(
            "This petition is part of the Best Start demonstration and was never sent to anyone."
            "\n\nHealth visitors work with families who have a new baby. Many families met "
            "them at their local children's centre, alongside midwives and stay-and-play "
            "sessions."
        ),
        goal=10_000,
        closes_at=closed_on,
    )
    db.session.add(campaign)
    db.session.flush()
    add_wording(campaign, privacy_text, updates_text, created_by="demo loader")
    handed_in = closed_on.date() + timedelta(days=3)
    answered = handed_in + timedelta(days=14)
    for kind, happened_on in (("handed_in", handed_in), ("response_received", answered)):
        db.session.add(
            Milestone(
                campaign_id=campaign.id,
                kind=kind,
                happened_on=happened_on,
                note="Demonstration milestone",
                created_by="demo loader",
            )
        )
    db.session.add(
        TargetResponse(
            campaign_id=campaign.id,
            responded_by=RESPONDER,
            responded_on=answered,
            text=RESPONSE_TEXT,
            updated_by="demo loader",
        )
    )
    return [SLUG]
