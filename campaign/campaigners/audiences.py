"""Choosing who a campaign update goes to: all opted-in signers, or those in chosen councils,
regions or constituencies.

The choices offered are the places where the campaign has opted-in, confirmed signers, so the
lists stay short and every choice reaches someone. Regions are turned into their councils here,
because the mail layer knows signatures, not geography.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from campaign.extensions import db
from campaign.mail.updates import Audience
from campaign.models import Signature
from campaign.places import constituencies, councils


@dataclass(frozen=True)
class Choices:
    councils: list[tuple[str, str]]  # (code, name)
    regions: list[tuple[str, str]]  # (name, name)
    constituencies: list[tuple[str, str]]  # (code, name)


def _opted_in(column, campaign_id: int) -> list[str]:
    rows = db.session.scalars(
        select(column)
        .where(
            Signature.campaign_id == campaign_id,
            Signature.status == "confirmed",
            Signature.email_updates.is_(True),
            column.is_not(None),
        )
        .group_by(column)
        .order_by(func.min(column))
    )
    return list(rows)


def choices(campaign_id: int) -> Choices:
    found = [councils.council(code) for code in _opted_in(Signature.council_code, campaign_id)]
    known = sorted((c for c in found if c is not None), key=lambda c: c.name)
    named = constituencies.constituencies(_opted_in(Signature.constituency_code, campaign_id))
    return Choices(
        councils=[(c.code, c.name) for c in known],
        regions=[(r, r) for r in sorted({c.region for c in known})],
        constituencies=sorted(((c.code, c.name) for c in named.values()), key=lambda c: c[1]),
    )


def audience(
    campaign_id: int,
    council_codes: Iterable[str],
    regions: Iterable[str],
    constituency_codes: Iterable[str],
) -> Audience:
    """The audience for the places chosen, described in words for the campaigner's record."""
    council_codes, regions = set(council_codes), set(regions)
    constituency_codes = set(constituency_codes)
    # A region stands for its councils where this campaign has signers who opted in.
    in_regions = {
        code
        for code in _opted_in(Signature.council_code, campaign_id)
        if (council := councils.council(code)) is not None and council.region in regions
    }
    named = constituencies.constituencies(constituency_codes)
    parts = []
    if regions:
        parts.append("Regions: " + ", ".join(sorted(regions)))
    if council_codes:
        names = (c.name for code in council_codes if (c := councils.council(code)))
        parts.append("Councils: " + ", ".join(sorted(names)))
    if constituency_codes:
        parts.append("Constituencies: " + ", ".join(sorted(c.name for c in named.values())))
    if not parts:
        return Audience()
    return Audience(
        everyone=False,
        council_codes=frozenset(council_codes | in_regions),
        constituency_codes=frozenset(constituency_codes),
        description="; ".join(parts),
    )
