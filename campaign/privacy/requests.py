"""The three privacy requests: export (subject access), erase, and the nightly anonymisation.
Each commits and writes one audit row that says what was done and to how many rows, never to
whom."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template
from sqlalchemy import func, select, update

from campaign.database import rows_changed
from campaign.extensions import db
from campaign.models import Campaign, InvalidationBatch, Signature
from campaign.privacy import audit, scrub, subject
from campaign.timeutil import utcnow


@dataclass(frozen=True)
class Export:
    data: dict
    record_count: int

    def as_json(self) -> str:
        return json.dumps(self.data, indent=2, ensure_ascii=False)

    def as_page(self) -> str:
        return render_template("privacy/export.html", data=self.data)


def export(email: str, via: str, account_id: int | None = None) -> Export:
    found = subject.find(email)
    data = subject.as_data(found, email, utcnow())
    audit.record("export", via, found.record_count, "subject access request", account_id)
    db.session.commit()
    return Export(data, found.record_count)


@dataclass(frozen=True)
class Erasure:
    signatures: int
    emails: int
    kept_on_do_not_email_list: int
    has_account: bool


def erase(email: str, via: str, account_id: int | None = None) -> Erasure:
    """Remove the person's personal data everywhere, keeping counts; commits."""
    found = subject.find(email)
    now = utcnow()
    changed = scrub.scrub_signatures([s.id for s in found.signatures], now)
    scrub.scrub_messages([m.id for m in found.emails if m.signature_id is None])
    canonicals = {s.email_canonical for s in found.signatures}
    if canonicals:
        rows_changed(
            update(InvalidationBatch)
            .where(InvalidationBatch.email_canonical.in_(canonicals))
            .values(email_canonical="(erased)")
            .execution_options(synchronize_session=False)
        )
    audit.record(
        "erase",
        via,
        changed,
        f"{changed} signatures, {len(found.emails)} emails; do-not-email entries kept: "
        f"{len(found.suppressions)}",
        account_id,
    )
    db.session.commit()
    return Erasure(changed, len(found.emails), len(found.suppressions), found.account is not None)


@dataclass(frozen=True)
class Anonymisation:
    closed_campaigns: int
    withdrawn: int


def anonymise(now: datetime | None = None, via: str = "command") -> Anonymisation:
    """Scrub signatures of campaigns closed more than ANONYMISE_AFTER_DAYS ago, and withdrawn
    signatures past WITHDRAWN_GRACE_DAYS, in batches (each its own transaction). Safe to run
    every night: scrubbed rows are never picked again."""
    now = now or utcnow()
    config = current_app.config
    closed_before = now - timedelta(days=config["ANONYMISE_AFTER_DAYS"])
    withdrawn_before = now - timedelta(days=config["WITHDRAWN_GRACE_DAYS"])
    closed = select(Campaign.id).where(Campaign.closes_at <= closed_before)
    closed_count = _in_batches(Signature.campaign_id.in_(closed), now)
    withdrawn_count = _in_batches(
        (Signature.status == "withdrawn") & (Signature.withdrawn_at <= withdrawn_before), now
    )
    audit.record(
        "anonymise",
        via,
        closed_count + withdrawn_count,
        f"{closed_count} from closed campaigns, {withdrawn_count} withdrawn",
    )
    db.session.commit()
    return Anonymisation(closed_count, withdrawn_count)


def _in_batches(condition, now: datetime) -> int:
    size = current_app.config["ANONYMISE_BATCH_SIZE"]
    total = 0
    while True:
        ids = list(
            db.session.scalars(
                select(Signature.id)
                .where(condition, Signature.anonymised_at.is_(None))
                .order_by(Signature.id)
                .limit(size)
            )
        )
        if not ids:
            return total
        total += scrub.scrub_signatures(ids, now)
        db.session.commit()


def anonymised_count() -> int:
    return db.session.scalar(select(func.count()).where(Signature.anonymised_at.is_not(None))) or 0
