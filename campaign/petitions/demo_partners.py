"""The demo's coalition: the seed petition run by a lead and two partner organisations, all
fictional and named so, each partner with its own opt-in. Their logos are drawn here."""

import io
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import select

from campaign.core.campaigns import add_wording, by_slug, current_wording
from campaign.extensions import db
from campaign.models import CampaignOrganisation
from campaign.petitions import partners
from campaign.petitions.logos import store_logo

SLUG = "best-start-in-life"
ORGANISATIONS: list[dict[str, Any]] = [
    {
        "name": "Best Start Coalition (demo)",
        "role": "lead",
        "colour": (29, 112, 184),
        "wording": None,
    },
    {
        "name": "Little Steps Family Trust (fictional)",
        "role": "partner",
        "colour": (0, 112, 60),
        "wording": (
            "Little Steps Family Trust (a fictional charity in this demo) may email me about "
            "its work with young families. I can stop this at any time."
        ),
    },
    {
        "name": "Northfield Parents' Network (fictional)",
        "role": "partner",
        "colour": (212, 53, 28),
        "wording": (
            "Northfield Parents' Network (a fictional group in this demo) may contact me about "
            "local events for parents. I can stop this at any time."
        ),
    },
]


def _logo(colour: tuple[int, int, int]) -> bytes:
    image = Image.new("RGB", (160, 64), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 56, 56), fill=colour)
    draw.rectangle((68, 20, 152, 28), fill=colour)
    draw.rectangle((68, 36, 130, 44), fill=colour)
    data = io.BytesIO()
    image.save(data, format="PNG")
    return data.getvalue()


# With partners on the form, the privacy agreement says when details are shared.
COALITION_PRIVACY = (
    "I agree that Best Start may hold my name, email address and postcode to count my signature "
    "and to check it is genuine, as set out in the privacy notice. We share your details with a "
    "partner organisation only if you tick its box below."
)


def load_partners_demo() -> list[str]:
    """Link the demo organisations to the seed petition, once."""
    campaign = by_slug(SLUG)
    if campaign is None:
        return []
    linked = select(CampaignOrganisation.id).where(CampaignOrganisation.campaign_id == campaign.id)
    if db.session.scalar(linked.limit(1)) is not None:
        return []
    add_wording(campaign, COALITION_PRIVACY, current_wording(campaign).updates_text, "demo loader")
    for position, spec in enumerate(ORGANISATIONS):
        organisation = partners.add_organisation(
            spec["name"], website="", privacy_url="", charity_number=""
        )
        store_logo(organisation, _logo(spec["colour"]))
        partners.link(campaign.id, organisation.id, spec["role"], position)
        if spec["wording"]:
            partners.set_wording(campaign.id, organisation.id, spec["wording"], "demo loader")
    return [f"{len(ORGANISATIONS)} organisations on {SLUG}"]
