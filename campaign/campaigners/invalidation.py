"""Bulk invalidation of abusive signatures, with a preview of what matches and an undo.

Invalidating a confirmed signature takes it out of the exact counts through counts.adjust in the
same transaction; undo puts back exactly the signatures the batch took and nothing else.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, insert, select, update

from campaign.core import counts
from campaign.core.email_addresses import canonical_email
from campaign.extensions import db
from campaign.models import Signature
from campaign.models.campaigners import Account, InvalidatedSignature, InvalidationBatch
from campaign.timeutil import utcnow

T = TypeVar("T")

LIVE_STATES = ("pending", "confirmed")
SAMPLE_SIZE = 20
# Keeps each IN (...) list well under SQLite's and PostgreSQL's parameter limits.
ID_CHUNK = 500


class InvalidationError(ValueError):
    """Asked for something that cannot be done; the message says why, for people."""


@dataclass(frozen=True)
class Criteria:
    ip_address: str | None = None
    email_domain: str | None = None
    email: str | None = None
    window_start: datetime | None = None
    window_end: datetime | None = None

    def is_empty(self) -> bool:
        return not any(
            (self.ip_address, self.email_domain, self.email, self.window_start, self.window_end)
        )

    def describe(self) -> str:
        parts = []
        if self.ip_address:
            parts.append(f"from IP address {self.ip_address}")
        if self.email_domain:
            parts.append(f"with emails at {self.email_domain}")
        if self.email:
            parts.append(f"by {self.email}")
        if self.window_start:
            parts.append(f"signed from {self.window_start:%Y-%m-%d %H:%M} UTC")
        if self.window_end:
            parts.append(f"signed before {self.window_end:%Y-%m-%d %H:%M} UTC")
        return ", ".join(parts) or "everything"


@dataclass(frozen=True)
class Preview:
    total: int
    confirmed: int
    pending: int
    sample: list[dict]


def _like_literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _conditions(campaign_id: int, criteria: Criteria) -> list:
    if criteria.is_empty():
        raise InvalidationError("Give an IP address, an email domain, an email or a time window")
    if (
        criteria.window_start
        and criteria.window_end
        and criteria.window_start >= criteria.window_end
    ):
        raise InvalidationError("The end of the time window must be after its start")
    conditions = [Signature.campaign_id == campaign_id, Signature.status.in_(LIVE_STATES)]
    if criteria.ip_address:
        conditions.append(Signature.ip_address == criteria.ip_address)
    if criteria.email_domain:
        domain = criteria.email_domain.strip().lstrip("@").casefold()
        conditions.append(
            func.lower(Signature.email).like("%@" + _like_literal(domain), escape="\\")
        )
    if criteria.email:
        conditions.append(Signature.email_canonical == canonical_email(criteria.email))
    if criteria.window_start:
        conditions.append(Signature.created_at >= criteria.window_start)
    if criteria.window_end:
        conditions.append(Signature.created_at < criteria.window_end)
    return conditions


def mask_email(email: str) -> str:
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}***@{domain}"


def preview(campaign_id: int, criteria: Criteria) -> Preview:
    conditions = _conditions(campaign_id, criteria)
    by_status = dict(
        db.session.execute(
            select(Signature.status, func.count()).where(*conditions).group_by(Signature.status)
        ).all()
    )
    rows = db.session.execute(
        select(
            Signature.created_at,
            Signature.name,
            Signature.email,
            Signature.postcode,
            Signature.ip_address,
            Signature.status,
        )
        .where(*conditions)
        .order_by(Signature.created_at)
        .limit(SAMPLE_SIZE)
    ).all()
    sample = [
        {
            "created_at": r.created_at,
            "name": r.name,
            "email": mask_email(r.email),
            "postcode": r.postcode or "",
            "ip_address": r.ip_address or "",
            "status": r.status,
        }
        for r in rows
    ]
    confirmed, pending = by_status.get("confirmed", 0), by_status.get("pending", 0)
    return Preview(confirmed + pending, confirmed, pending, sample)


def _chunks(items: Sequence[T], size: int = ID_CHUNK) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def invalidate(
    campaign_id: int, criteria: Criteria, account: Account, reason: str, expected: int | None = None
) -> InvalidationBatch:
    """Invalidate every live signature matching, in one transaction, and commit.

    ``expected`` is the count the person saw in the preview: if more signatures match by now,
    nothing is done, so nobody invalidates more than they agreed to."""
    reason = reason.strip()
    if not reason:
        raise InvalidationError("Say why these signatures are being invalidated")
    conditions = _conditions(campaign_id, criteria)
    # FOR UPDATE stops a confirmation landing between reading a signature and invalidating it.
    matched = db.session.execute(
        select(Signature.id, Signature.status, Signature.council_code, Signature.constituency_code)
        .where(*conditions)
        .with_for_update()
    ).all()
    if expected is not None and len(matched) != expected:
        db.session.rollback()
        raise InvalidationError(
            f"{len(matched)} signatures match now, not the {expected} you previewed: check again"
        )
    now = utcnow()
    batch = InvalidationBatch(
        campaign_id=campaign_id,
        account_id=account.id,
        ip_address=criteria.ip_address,
        email_domain=criteria.email_domain,
        email_canonical=(canonical_email(criteria.email) if criteria.email else None),
        window_start=criteria.window_start,
        window_end=criteria.window_end,
        reason=reason,
        matched=len(matched),
        confirmed_matched=sum(1 for m in matched if m.status == "confirmed"),
        created_at=now,
    )
    db.session.add(batch)
    db.session.flush()
    for chunk in _chunks(matched):
        db.session.execute(
            insert(InvalidatedSignature),
            [
                {"batch_id": batch.id, "signature_id": m.id, "previous_status": m.status}
                for m in chunk
            ],
        )
        db.session.execute(
            update(Signature)
            .where(Signature.id.in_([m.id for m in chunk]))
            .values(status="invalidated", invalidated_at=now)
            .execution_options(synchronize_session=False)
        )
    _adjust_counts(
        campaign_id,
        ((m.council_code, m.constituency_code) for m in matched if m.status == "confirmed"),
        -1,
    )
    db.session.commit()
    return batch


def _adjust_counts(
    campaign_id: int, places: Iterable[tuple[str | None, str | None]], sign: int
) -> None:
    """Move the counters by (council, constituency), one update per place."""
    for (council, constituency), n in Counter(places).items():
        counts.adjust(db.session, campaign_id, council, sign * n, constituency)


def undo(batch_id: int, account: Account) -> int:
    """Restore the signatures a batch invalidated to the state they had. Returns how many."""
    batch = db.session.get(InvalidationBatch, batch_id, with_for_update=True)
    if batch is None:
        raise InvalidationError("There is no such invalidation")
    if batch.undone_at is not None:
        raise InvalidationError("That invalidation has already been undone")
    taken = db.session.execute(
        select(
            Signature.id,
            Signature.council_code,
            Signature.constituency_code,
            InvalidatedSignature.previous_status,
        )
        .join(InvalidatedSignature, InvalidatedSignature.signature_id == Signature.id)
        .where(InvalidatedSignature.batch_id == batch.id, Signature.status == "invalidated")
        .with_for_update(of=Signature)
    ).all()
    for previous in LIVE_STATES:
        ids = [t.id for t in taken if t.previous_status == previous]
        for chunk in _chunks(ids):
            db.session.execute(
                update(Signature)
                .where(Signature.id.in_(chunk), Signature.status == "invalidated")
                .values(status=previous, invalidated_at=None)
                .execution_options(synchronize_session=False)
            )
    _adjust_counts(
        batch.campaign_id,
        ((t.council_code, t.constituency_code) for t in taken if t.previous_status == "confirmed"),
        +1,
    )
    batch.undone_at = utcnow()
    batch.undone_by_id = account.id
    db.session.commit()
    return len(taken)


def batches(campaign_id: int) -> list[InvalidationBatch]:
    return list(
        db.session.scalars(
            select(InvalidationBatch)
            .where(InvalidationBatch.campaign_id == campaign_id)
            .order_by(InvalidationBatch.created_at.desc())
        )
    )
