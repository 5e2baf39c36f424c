"""Shaping counts for pages and JSON."""

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from campaign.charts.choropleth import area_map
from campaign.core.counts import CampaignCounts, campaign_counts
from campaign.models import Campaign
from campaign.petitions.outcomes import MILESTONE_NAMES, Outcome, outcome
from campaign.places.constituencies import named
from campaign.places.constituency_shapes import outlines
from campaign.places.councils import council


def council_rows(tally: CampaignCounts) -> list[dict]:
    rows = []
    for code, n in tally.by_council.items():
        known = council(code)
        rows.append({"code": code, "name": known.name if known else code, "count": n})
    return sorted(rows, key=lambda row: (-row["count"], row["name"]))


def constituency_rows(by_constituency: Mapping[str, int]) -> list[dict[str, Any]]:
    """Counts by constituency (signatures, or letters) with each MP, most first."""
    known = named()
    rows = []
    for code, n in by_constituency.items():
        found = known.get(code)
        rows.append(
            {
                "code": code,
                "name": found.name if found else code,
                "mp": found.mp if found else None,
                "party": found.party if found else None,
                "count": n,
            }
        )
    return sorted(rows, key=lambda row: (-row["count"], row["name"]))


def constituency_map(by_constituency: dict[str, int], title: str) -> Markup:
    """The UK's 650 constituencies shaded by confirmed signatures, London enlarged."""
    drawn = outlines()
    return area_map(
        drawn.shapes,
        by_constituency,
        width=drawn.width,
        height=drawn.height,
        inset=drawn.inset,
        inset_label="London",
        title=title,
    )


def mps_list_date():
    return max((c.list_as_of for c in named().values()), default=None)


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
        "signatures_by_constituency": constituency_rows(tally.by_constituency),
        "mps_list_date": _iso(mps_list_date()),
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


def _iso(day) -> str | None:
    return day.isoformat() if day else None
