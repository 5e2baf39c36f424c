"""The parts of a council's facts about places: its family hubs, its centres open and closed,
the nearest ones to a postcode, and the national counts of centres (see facts_build.py)."""

from __future__ import annotations

import math

from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import Centre, FamilyHubsCouncil, NationalFigure, Place
from campaign.places import reports
from campaign.places.facts import Centres, ClosedCentre, FamilyHubs, NationalCount, NearbyPlace
from campaign.places.sources import (
    FAMILY_HUBS_NATIONAL_NOTE,
    FAMILY_HUBS_SOURCE,
    PLACES_SOURCE,
    REGISTER_SOURCE,
)

# --- family hubs, centres, places --------------------------------------------------------------


def family_hubs(council_code: str) -> FamilyHubs:
    rows = list(
        db.session.scalars(
            select(FamilyHubsCouncil).where(FamilyHubsCouncil.council_code == council_code)
        )
    )
    return FamilyHubs(
        in_programme=any(r.programme.startswith("Family Hubs and Start for Life") for r in rows),
        trailblazer=any(r.trailblazer for r in rows),
        transformation_fund=any(r.programme.startswith("Family Hubs Transformation") for r in rows),
        note=" ".join(r.note for r in rows if r.note),
        national_note=FAMILY_HUBS_NATIONAL_NOTE,
        source=FAMILY_HUBS_SOURCE,
    )


def centres(council_code: str) -> Centres:
    kinds = dict(
        db.session.execute(
            select(Place.kind, func.count())
            .where(Place.council_code == council_code)
            .group_by(Place.kind)
        ).all()
    )
    statuses = dict(
        db.session.execute(
            select(Centre.status, func.count())
            .where(Centre.council_code == council_code)
            .group_by(Centre.status)
        ).all()
    )
    imported = bool(statuses)
    closed = [
        ClosedCentre(c.name, c.closed_on, c.urn, reported_by_public=False)
        for c in db.session.scalars(
            select(Centre)
            .where(Centre.council_code == council_code, Centre.status == "closed")
            .order_by(Centre.closed_on.desc(), Centre.name)
        )
    ]
    closed += [
        ClosedCentre(
            r.centre_name,
            r.happened_on,
            None,
            reported_by_public=True,
            evidence_url=r.evidence_url,
            kind=r.kind,
            note=r.details or None,
        )
        for r in reports.approved_reports(council_code)
    ]
    return Centres(
        open_centres=kinds.get("children's centre", 0),
        open_linked_sites=kinds.get("children's centre linked site", 0),
        family_hub_sites=kinds.get("family hub", 0),
        register_open=statuses.get("open", 0) if imported else None,
        register_closed=statuses.get("closed", 0) if imported else None,
        closed=tuple(closed),
        source=REGISTER_SOURCE if imported else PLACES_SOURCE,
    )


def nearest_places(easting: int, northing: int, count: int) -> tuple[NearbyPlace, ...]:
    """The `count` nearest open centres and hubs, searching ever wider squares around the point."""
    found = []
    for half_side in (5_000, 20_000, 80_000, 800_000):
        found = list(
            db.session.scalars(
                select(Place).where(
                    Place.easting.between(easting - half_side, easting + half_side),
                    Place.northing.between(northing - half_side, northing + half_side),
                )
            )
        )
        if len(found) >= count:
            break
    ranked = sorted(
        (
            (math.hypot(p.easting - easting, p.northing - northing), p.name, p)
            for p in found
            if p.easting is not None and p.northing is not None
        ),
        key=lambda item: item[:2],
    )
    return tuple(
        NearbyPlace(
            name=p.name,
            kind=p.kind,
            address=p.address,
            postcode=p.postcode,
            distance_km=round(metres / 1000, 1),
            distance_miles=round(metres / 1609.344, 1),
        )
        for metres, _name, p in ranked[:count]
    )


# --- national figures ------------------------------------------------------------------------


def national() -> tuple[NationalCount, ...]:
    # In the order of the bundled file, which is chronological by source.
    rows = db.session.scalars(select(NationalFigure).order_by(NationalFigure.id))
    return tuple(NationalCount(r.as_of, r.measure, r.value, r.unit, r.source) for r in rows)
