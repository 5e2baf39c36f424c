"""Where signatures came from: by source (`?source=` or `utm_source`) and by referring signer.

Confirmation rate is as on the rest of the dashboard: confirmed out of confirmed and pending, so
a source that brings people who never confirm shows up as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from campaign.extensions import db
from campaign.models import Signature

NO_SOURCE = "(none: came straight to the petition)"
TOP_REFERRERS = 20


@dataclass(frozen=True)
class SourceRow:
    label: str
    signed: int  # confirmed and pending
    confirmed: int

    @property
    def confirmation_rate(self) -> float | None:
        return self.confirmed / self.signed if self.signed else None


_SIGNED = Signature.status.in_(("confirmed", "pending"))
_CONFIRMED = func.sum(case((Signature.status == "confirmed", 1), else_=0))


def by_source(campaign_id: int) -> list[SourceRow]:
    rows = db.session.execute(
        select(Signature.source, func.count(), _CONFIRMED)
        .where(Signature.campaign_id == campaign_id, _SIGNED)
        .group_by(Signature.source)
    ).all()
    out = [SourceRow(source or NO_SOURCE, n, int(confirmed or 0)) for source, n, confirmed in rows]
    return sorted(out, key=lambda r: (-r.signed, r.label))


def by_referrer(campaign_id: int, limit: int = TOP_REFERRERS) -> list[SourceRow]:
    """The signers whose share links brought the most people, named by first name and council
    (campaigners see signers' names in exports already; nothing more is shown)."""
    referrer = aliased(Signature)
    rows = db.session.execute(
        select(referrer.name, referrer.council_name, func.count(), _CONFIRMED)
        .join(
            referrer,
            (referrer.share_code == Signature.referrer_code)
            & (referrer.campaign_id == Signature.campaign_id),
        )
        .where(Signature.campaign_id == campaign_id, _SIGNED)
        .group_by(referrer.id, referrer.name, referrer.council_name)
        .order_by(func.count().desc(), referrer.id)
        .limit(limit)
    ).all()
    return [
        SourceRow(_first_name(name) + (f" ({council})" if council else ""), n, int(c or 0))
        for name, council, n, c in rows
    ]


def _first_name(name: str) -> str:
    parts = name.split()
    return parts[0] if parts else "(no name)"
