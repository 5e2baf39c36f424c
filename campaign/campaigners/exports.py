"""Exports for campaigners: counts to hand in, signer lists for CRMs. Each is streamed in
constant memory and recorded in the audit log (who, when, what, how many rows)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from campaign.campaigners.regions import council_table
from campaign.campaigners.signer_streams import osdi_signatures, signer_csv
from campaign.campaigners.streaming import RowCounter, csv_chunks, json_document_chunks
from campaign.core.counts import NO_COUNCIL, campaign_counts
from campaign.extensions import db
from campaign.models import Campaign, CampaignOrganisation, Signature
from campaign.models.campaigners import Account, ExportRecord
from campaign.petitions.presenters import constituency_rows
from campaign.timeutil import utcnow

PURPOSE_MIN_LENGTH = 10


class ExportNotAllowed(PermissionError):
    """The export would include people who did not opt in, without an admin's stated purpose."""


@dataclass(frozen=True)
class Export:
    record_id: int
    filename: str
    mimetype: str
    chunks: Iterator[bytes]


def begin_audit(
    account: Account,
    campaign: Campaign,
    kind: str,
    fmt: str,
    *,
    purpose=None,
    personal=False,
    ip_address=None,
) -> int:
    # Written and committed before the first byte leaves, so even an abandoned download is
    # on record.
    record = ExportRecord(
        account_id=account.id,
        campaign_id=campaign.id,
        kind=kind,
        format=fmt,
        purpose=purpose,
        includes_personal_data=personal,
        ip_address=ip_address,
    )
    db.session.add(record)
    db.session.commit()
    return record.id


def audited(record_id: int, produce: Callable[[RowCounter], Iterator[bytes]]) -> Iterator[bytes]:
    counter = RowCounter()
    finished = False
    try:
        yield from produce(counter)
        finished = True
    finally:
        # Ends the streaming read (and its server-side cursor) before writing the outcome.
        db.session.rollback()
        record = db.session.get(ExportRecord, record_id)
        assert record is not None  # written before the export began, never deleted
        record.status = "completed" if finished else "failed"
        record.row_count = counter.rows
        record.finished_at = utcnow()
        db.session.commit()


def export_filename(campaign: Campaign, what: str, extension: str) -> str:
    return f"{campaign.slug}-{what}-{utcnow():%Y-%m-%d}.{extension}"


# --- counts by council and by day ------------------------------------------------------------


def council_rows(campaign: Campaign) -> list[dict]:
    """Confirmed counts per council (GSS code, name, region), from the exact counters."""
    counts = campaign_counts(campaign.id)
    outside = counts.total - sum(counts.by_council.values())
    rows = council_table(counts.by_council)
    if outside:
        rows.append({"code": NO_COUNCIL, "name": "Outside the UK", "region": "", "count": outside})
    return rows


def daily_rows(campaign: Campaign) -> list[dict]:
    """Signatures confirmed on each day (UTC) that still count, with the running total."""
    day = func.date(Signature.confirmed_at)
    rows = db.session.execute(
        select(day, func.count())
        .where(Signature.campaign_id == campaign.id, Signature.status == "confirmed")
        .group_by(day)
        .order_by(day)
    ).all()
    running = 0
    out = []
    for when, count in rows:
        running += count
        out.append({"date": _iso_day(when), "confirmed": count, "cumulative": running})
    return out


def _iso_day(value: object) -> str:
    # SQLite's date() gives text, PostgreSQL's a date.
    return value.isoformat() if isinstance(value, date | datetime) else str(value)


# What each counts export holds: its rows, its columns, the field each row is counted by,
# and the name of the list in the JSON document.
COUNTS_BY = {
    "council": (council_rows, ("code", "name", "region", "count"), "count", "councils"),
    "constituency": (
        lambda campaign: constituency_rows(campaign_counts(campaign.id).by_constituency),
        ("code", "name", "mp", "party", "count"),
        "count",
        "constituencies",
    ),
    "day": (daily_rows, ("date", "confirmed", "cumulative"), "confirmed", "days"),
}


def counts_export(
    account: Account, campaign: Campaign, by: str, fmt: str, ip_address: str | None = None
) -> Export:
    if by not in COUNTS_BY or fmt not in ("csv", "json"):
        raise ValueError(f"unknown counts export {by}/{fmt}")
    kind = f"counts-by-{by}"
    record_id = begin_audit(account, campaign, kind, fmt, ip_address=ip_address)
    make_rows, columns, counted_field, listed_as = COUNTS_BY[by]
    rows = make_rows(campaign)

    def produce(counter: RowCounter) -> Iterator[bytes]:
        counted = counter.count(rows)
        if fmt == "csv":
            yield from csv_chunks(columns, ([row[c] for c in columns] for row in counted))
        else:
            head = {
                "campaign": _campaign_facts(campaign),
                "generated_at": utcnow(),
                "total": sum(row[counted_field] for row in rows),
            }
            yield from json_document_chunks(head, (listed_as,), counted)

    mimetype = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Export(
        record_id,
        export_filename(campaign, f"counts-by-{by}", fmt),
        mimetype,
        audited(record_id, produce),
    )


def _campaign_facts(campaign: Campaign) -> dict:
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "target": campaign.target,
        "state": campaign.state,
    }


# --- signer lists ----------------------------------------------------------------------------


def check_signer_export(account: Account, everyone: bool, purpose: str | None) -> str | None:
    """The purpose to record, or raise when the request is not allowed."""
    if not everyone:
        return None
    if not account.is_admin:
        raise ExportNotAllowed("Only an admin can export people who did not opt in to updates")
    purpose = (purpose or "").strip()
    if len(purpose) < PURPOSE_MIN_LENGTH:
        raise ExportNotAllowed(
            f"Say why you need people who did not opt in (at least {PURPOSE_MIN_LENGTH} characters)"
        )
    return purpose


def partner_audience(account: Account, campaign: Campaign) -> int | None:
    """The partner whose opt-ins this account's exports are limited to, or None for the
    campaign's own team (no organisation, or the lead). Raises for an unrelated organisation."""
    if account.organisation_id is None:
        return None
    role = db.session.scalar(
        select(CampaignOrganisation.role).where(
            CampaignOrganisation.campaign_id == campaign.id,
            CampaignOrganisation.organisation_id == account.organisation_id,
        )
    )
    if role == "lead":
        return None
    if role is None:
        raise ExportNotAllowed("Your organisation does not run this campaign")
    return account.organisation_id


def signers_export(
    account: Account,
    campaign: Campaign,
    fmt: str,
    *,
    everyone: bool = False,
    purpose: str | None = None,
    ip_address: str | None = None,
) -> Export:
    """Confirmed signers who opted in to updates (everyone, for an admin with a purpose)."""
    if fmt not in ("csv", "osdi"):
        raise ValueError(f"unknown signer export format {fmt}")
    partner = partner_audience(account, campaign)
    if partner is not None and everyone:
        raise ExportNotAllowed(
            "A partner organisation can export only the people who opted in to it"
        )
    purpose = check_signer_export(account, everyone, purpose)
    kind = "signers" if fmt == "csv" else "osdi-signatures"
    record_id = begin_audit(
        account,
        campaign,
        kind,
        "csv" if fmt == "csv" else "json",
        purpose=purpose,
        personal=True,
        ip_address=ip_address,
    )
    campaign_id = campaign.id

    def produce(counter: RowCounter) -> Iterator[bytes]:
        if fmt == "csv":
            yield from signer_csv(campaign_id, everyone, counter, partner)
        else:
            head = {
                "origin_system": "Best Start",
                "title": f"Signatures: {campaign.title}",
                "petition": _campaign_facts(campaign),
            }
            items = osdi_signatures(campaign_id, everyone, counter, partner)
            yield from json_document_chunks(
                head,
                ("_embedded", "osdi:signatures"),
                items,
                lambda: {"total_records": counter.rows},
                encoded=True,
            )

    extension, mimetype = (
        ("csv", "text/csv; charset=utf-8") if fmt == "csv" else ("json", "application/hal+json")
    )
    what = "signers" if fmt == "csv" else "osdi-signatures"
    return Export(
        record_id, export_filename(campaign, what, extension), mimetype, audited(record_id, produce)
    )


def split_name(name: str) -> tuple[str, str]:
    parts = name.strip().rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else (parts[0], "")
