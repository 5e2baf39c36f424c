"""`/petitions` and `/petitions.json`: every public campaign, open or closed, searchable; the
closed ones with their final count and the target's response are the archive."""

from typing import Any

from flask import render_template, request, url_for

from campaign.core import counts
from campaign.petitions import listing
from campaign.petitions.outcomes import MILESTONE_NAMES, outcome, responses_for
from campaign.petitions.presenters import campaign_json
from campaign.petitions.views import bp


@bp.context_processor
def outcome_helpers() -> dict:
    # The petition page (views.py) shows the outcome without its view having to fetch it.
    return {"milestone_names": MILESTONE_NAMES, "outcome_of": outcome}


@bp.get("/petitions")
def index():
    parsed = listing.parse(request.args)
    found = listing.search(parsed.query)
    targets, topics = listing.choices()
    return render_template(
        "petitions/index.html",
        query=parsed.query,
        problems=parsed.problems,
        found=found,
        totals={c.id: counts.campaign_counts(c.id).total for c in found.campaigns},
        responses=responses_for([c.id for c in found.campaigns]),
        targets=targets,
        topics=topics,
        page_url=lambda page: _page_url("petitions.index", parsed.query, page),
        json_url=_page_url("petitions.index_json", parsed.query, parsed.query.page),
    ), (400 if parsed.problems else 200)


@bp.get("/petitions.json")
def index_json():
    parsed = listing.parse(request.args)
    if parsed.problems:
        errors = [{"parameter": name, "message": message} for name, message in parsed.problems]
        return {"errors": errors}, 400
    found = listing.search(parsed.query)
    return {
        "items": [campaign_json(c, story=outcome(c.id)) for c in found.campaigns],
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
        "next": _page_url("petitions.index_json", parsed.query, found.page + 1, external=True)
        if found.has_next
        else None,
        "previous": _page_url("petitions.index_json", parsed.query, found.page - 1, external=True)
        if found.has_previous
        else None,
    }


def _page_url(endpoint: str, query: listing.Query, page: int, external: bool = False) -> str:
    args: dict[str, Any] = {
        "q": query.words,
        "state": query.state if query.state != "all" else "",
        "target": query.target,
        "topic": query.topic,
        "per_page": query.per_page if query.per_page != listing.PAGE_SIZE else "",
        "page": page if page != 1 else "",
    }
    kept = {key: value for key, value in args.items() if value}
    return url_for(endpoint, _external=external, **kept)
