"""Shaping counts for pages and JSON."""

from campaign.core.counts import CampaignCounts, campaign_counts
from campaign.models import Campaign
from campaign.petitions.outcomes import MILESTONE_NAMES, Outcome, outcome
from campaign.places.councils import council


def council_rows(tally: CampaignCounts) -> list[dict]:
    rows = []
    for code, n in tally.by_council.items():
        known = council(code)
        rows.append({"code": code, "name": known.name if known else code, "count": n})
    return sorted(rows, key=lambda row: (-row["count"], row["name"]))


def campaign_json(
    campaign: Campaign, tally: CampaignCounts | None = None, story: Outcome | None = None
) -> dict:
    if tally is None:
        tally = campaign_counts(campaign.id)
    story = story or outcome(campaign.id)
    return {
        "slug": campaign.slug,
        "kind": campaign.kind,
        "title": campaign.title,
        "target": campaign.target,
        "topic": campaign.topic,
        "state": campaign.state,
        "signature_count": tally.total,
        "goal": campaign.goal,
        "signatures_by_council": council_rows(tally),
        "updated_at": tally.updated_at.isoformat() + "Z" if tally.updated_at else None,
        "opens_at": campaign.opens_at.isoformat() + "Z" if campaign.opens_at else None,
        "closes_at": campaign.closes_at.isoformat() + "Z" if campaign.closes_at else None,
        **outcome_json(story),
    }


def outcome_json(story: Outcome) -> dict:
    response = story.response
    return {
        "milestones": [
            {
                "kind": m.kind,
                "name": MILESTONE_NAMES[m.kind],
                "date": m.happened_on.isoformat(),
                "note": m.note,
            }
            for m in story.milestones
        ],
        "response": {
            "responded_by": response.responded_by,
            "date": response.responded_on.isoformat(),
            "text": response.text,
        }
        if response
        else None,
    }
