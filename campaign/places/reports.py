"""Closures and cuts reported by the public, shown once a campaigner approves them.

The campaigners' pages (and, until they exist, `flask data approve-report ID`) call
`approve_report(id)` / `reject_report(id)`; the council page shows approved reports marked as
reported by the public.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from campaign.extensions import db
from campaign.models import ClosureReport
from campaign.places import versions
from campaign.timeutil import utcnow


def submit_report(
    council_code: str,
    *,
    centre_name: str,
    kind: str,
    happened_on: date,
    evidence_url: str,
    details: str = "",
) -> ClosureReport:
    """Record a report from the public; it waits for a campaigner's approval."""
    report = ClosureReport(
        council_code=council_code,
        centre_name=centre_name,
        kind=kind,
        happened_on=happened_on,
        evidence_url=evidence_url,
        details=details,
        status="pending",
    )
    db.session.add(report)
    db.session.commit()
    return report


def approve_report(report_id: int, by: str | None = None) -> ClosureReport | None:
    """Publish a pending report on its council's page. None if there is no such report."""
    return _moderate(report_id, "approved", by)


def reject_report(report_id: int, by: str | None = None) -> ClosureReport | None:
    """Keep a report off the council page. None if there is no such report."""
    return _moderate(report_id, "rejected", by)


def _moderate(report_id: int, status: str, by: str | None) -> ClosureReport | None:
    report = db.session.get(ClosureReport, report_id)
    if report is None:
        return None
    report.status = status
    report.moderated_at = utcnow()
    report.moderated_by = by
    db.session.commit()
    versions.forget()  # an approved report changes the council's page and booklet
    return report


def pending_reports() -> list[ClosureReport]:
    """Reports waiting for a decision, oldest first."""
    query = select(ClosureReport).where(ClosureReport.status == "pending")
    return list(db.session.scalars(query.order_by(ClosureReport.created_at, ClosureReport.id)))


def approved_reports(council_code: str) -> list[ClosureReport]:
    """What the council page shows, most recent first."""
    query = select(ClosureReport).where(
        ClosureReport.council_code == council_code, ClosureReport.status == "approved"
    )
    return list(
        db.session.scalars(query.order_by(ClosureReport.happened_on.desc(), ClosureReport.id))
    )
