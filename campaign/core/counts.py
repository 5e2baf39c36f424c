"""Exact confirmed counts, fresh within seconds, without a COUNT(*) per request.

Every change of a signature's confirmed state adjusts `signature_counts` in the same
transaction, so the counts are exact by construction. Reads sum a few shard rows and are cached
in-process for COUNTS_CACHE_SECONDS (`campaign.core.cache`). `reconcile` recomputes from the
signatures table and repairs any drift (say after a manual database edit), reporting what it
changed.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from campaign.core.cache import Cache
from campaign.extensions import DbSession, db
from campaign.models import Signature, SignatureCount
from campaign.timeutil import utcnow

SHARDS = 8
NO_COUNCIL = ""
NO_CONSTITUENCY = ""


@dataclass(frozen=True)
class CampaignCounts:
    total: int
    by_council: dict[str, int] = field(default_factory=dict)
    updated_at: datetime | None = None
    by_constituency: dict[str, int] = field(default_factory=dict)


# Keyed by campaign id; bounded, since a stale entry only costs a query.
_cache: Cache[CampaignCounts] = Cache(maxsize=1000, ttl_setting="COUNTS_CACHE_SECONDS")


def adjust(
    session: DbSession,
    campaign_id: int,
    council_code: str | None,
    delta: int,
    constituency_code: str | None = None,
) -> None:
    """Add `delta` to a campaign's count for a council and constituency, inside the caller's
    transaction (one row either way: counting by constituency costs nothing extra)."""
    values = {
        "campaign_id": campaign_id,
        "council_code": council_code or NO_COUNCIL,
        "constituency_code": constituency_code or NO_CONSTITUENCY,
        "shard": random.randrange(SHARDS),
        "count": delta,
    }
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(SignatureCount).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=["campaign_id", "council_code", "constituency_code", "shard"],
        set_={"count": SignatureCount.count + delta},
    )
    session.execute(statement)
    _cache.forget(campaign_id)


def campaign_counts(campaign_id: int) -> CampaignCounts:
    """The confirmed total and the counts by council (code -> count) for one campaign."""
    return _cache.get_or_set(campaign_id, lambda: _summed(campaign_id))


def kept_counts(campaign_id: int, ttl: float) -> CampaignCounts | None:
    """The counts campaign_counts would hand out now, if it holds them: never a query."""
    return _cache.peek(campaign_id, ttl)


def read_counts(campaign_id: int) -> CampaignCounts:
    """The counts read now, not kept: see keep_counts."""
    return _summed(campaign_id)


def keep_counts(campaign_id: int, counts: CampaignCounts, read_at: float) -> None:
    """Hand out counts read ahead of time (read_at: time.monotonic() before reading) from now."""
    _cache.put(campaign_id, counts, read_at)


def _kept_by_place(session: DbSession, campaign_id: int) -> dict[tuple[str, str], int]:
    """The counters summed over their shards, by (council, constituency)."""
    rows = session.execute(
        select(
            SignatureCount.council_code,
            SignatureCount.constituency_code,
            func.sum(SignatureCount.count),
        )
        .where(SignatureCount.campaign_id == campaign_id)
        .group_by(SignatureCount.council_code, SignatureCount.constituency_code)
    ).all()
    return {(council, constituency): int(total or 0) for council, constituency, total in rows}


def _summed(campaign_id: int) -> CampaignCounts:
    by_council: dict[str, int] = {}
    by_constituency: dict[str, int] = {}
    for (council, constituency), total in _kept_by_place(db.session, campaign_id).items():
        if total:
            by_council[council] = by_council.get(council, 0) + total
            by_constituency[constituency] = by_constituency.get(constituency, 0) + total
    return CampaignCounts(
        total=sum(by_council.values()),
        by_council={code: n for code, n in by_council.items() if code != NO_COUNCIL and n},
        updated_at=utcnow(),
        by_constituency={
            code: n for code, n in by_constituency.items() if code != NO_CONSTITUENCY and n
        },
    )


def counted_from_signatures(session: DbSession, campaign_id: int) -> dict[str, int]:
    """Confirmed signatures by council, counted from the signatures table."""
    by_council: dict[str, int] = {}
    for (council, _constituency), n in _counted_by_place(session, campaign_id).items():
        by_council[council] = by_council.get(council, 0) + n
    return by_council


def _counted_by_place(session: DbSession, campaign_id: int) -> dict[tuple[str, str], int]:
    rows = session.execute(
        select(Signature.council_code, Signature.constituency_code, func.count())
        .where(Signature.campaign_id == campaign_id, Signature.status == "confirmed")
        .group_by(Signature.council_code, Signature.constituency_code)
    ).all()
    return {
        (council or NO_COUNCIL, constituency or NO_CONSTITUENCY): n
        for council, constituency, n in rows
    }


def reconcile(session: DbSession, campaign_id: int) -> dict[tuple[str, str], tuple[int, int]]:
    """Make the counters equal the signatures table; return {(council, constituency): (was,
    now)} for changes.

    Run it in a transaction that locks out concurrent confirmations for the campaign on
    PostgreSQL, so the comparison is not racing a confirmation in flight."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(SignatureCount.campaign_id)
            .where(SignatureCount.campaign_id == campaign_id)
            .with_for_update()
        )
    truth = _counted_by_place(session, campaign_id)
    kept = _kept_by_place(session, campaign_id)
    changes = {}
    for place in set(truth) | set(kept):
        want, have = truth.get(place, 0), kept.get(place, 0)
        if want != have:
            changes[place] = (have, want)
            council, constituency = place
            session.execute(
                delete(SignatureCount).where(
                    SignatureCount.campaign_id == campaign_id,
                    SignatureCount.council_code == council,
                    SignatureCount.constituency_code == constituency,
                )
            )
            if want:
                session.add(
                    SignatureCount(
                        campaign_id=campaign_id,
                        council_code=council,
                        constituency_code=constituency,
                        shard=0,
                        count=want,
                    )
                )
    _cache.forget(campaign_id)
    return changes
