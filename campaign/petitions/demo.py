"""The demo campaigns that `make run` loads: one petition and one sign-up."""

from typing import Any

from campaign.core.campaigns import add_wording, by_slug
from campaign.extensions import db
from campaign.models import Campaign

PRIVACY_TEXT = (
    "I agree that Best Start may hold my name, email address and postcode to count my signature "
    "and to check it is genuine, as set out in the privacy notice. We never share your details."
)
UPDATES_TEXT = (
    "Email me updates about this campaign and how I can help. I can unsubscribe at any time."
)

DEMO_CAMPAIGNS: list[dict[str, Any]] = [
    {
        "slug": "best-start-in-life",
        "kind": "petition",
        "title": (
            "Give every child the best start in life: fund children's centres in every community"
        ),
        "target": "Secretary of State for Education",
        "summary": (
            "We call on the Secretary of State for Education to restore funding for children's "
            "centres and family hubs so that every family can reach help close to home."
        ),
        "body": (
            "The 1,001 days from pregnancy to a child's second birthday shape the rest of their "
            "life. Sure Start children's centres gave families one place to go for health "
            "visitors, "
            "midwives, stay-and-play sessions, parenting support and advice.\n\n"
            "Since 2010 hundreds of centres have closed and council spending on them has more than "
            "halved. Family hubs are a welcome start, but they do not yet reach every community, "
            "and many areas have lost services that parents relied on.\n\n"
            "We ask the Government to give councils long-term, ring-fenced funding for children's "
            "centres and family hubs, so that every family, wherever they live, can get midwifery, "
            "health visiting, infant feeding and perinatal mental health support, and help with "
            "speech and language, money and housing, close to home."
        ),
        "goal": 100_000,
    },
    {
        "slug": "become-a-local-advocate",
        "kind": "signup",
        "title": "Become a local advocate for children's centres",
        "target": "",
        "summary": (
            "Join parents and volunteers who speak up for early years services in their own area. "
            "We will send you facts about your council and ideas for what you can do."
        ),
        "body": (
            "Local advocates respond to council consultations, write to councillors and talk to "
            "other parents about the services they use.\n\n"
            "Sign up and we will send you your council's figures, a booklet to take to meetings, "
            "and news of consultations near you."
        ),
        "goal": 1_000,
    },
]


def load_demo() -> list[str]:
    """Create the demo campaigns if they are missing. Returns the slugs it created."""
    created = []
    for spec in DEMO_CAMPAIGNS:
        if by_slug(spec["slug"]) is not None:
            continue
        campaign = Campaign(state="open", **spec)
        db.session.add(campaign)
        db.session.flush()
        add_wording(campaign, PRIVACY_TEXT, UPDATES_TEXT, created_by="demo loader")
        created.append(spec["slug"])
    db.session.commit()
    return created
