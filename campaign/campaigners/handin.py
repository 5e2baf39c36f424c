"""The hand-in pack: a PDF for the petition's target with the text, the total and the counts by
council, region and constituency (naming each MP). Counts only, never personal data."""

from collections.abc import Iterator

from flask import render_template
from weasyprint import HTML

from campaign.campaigners.exports import (
    Export,
    RowCounter,
    audited,
    begin_audit,
    council_rows,
    export_filename,
)
from campaign.campaigners.regions import region_totals
from campaign.charts import bar_chart
from campaign.config import ROOT
from campaign.core.counts import campaign_counts
from campaign.core.pdf import TAGGED_PDF_UA
from campaign.models import Campaign
from campaign.models.campaigners import Account
from campaign.petitions.presenters import constituency_map, constituency_rows, mps_list_date
from campaign.timeutil import utcnow


def handin_html(campaign: Campaign) -> tuple[str, int]:
    """The pack as HTML, and how many council rows it holds."""
    councils = council_rows(campaign)
    regions = region_totals(councils)
    total = sum(row["count"] for row in councils)
    outside = sum(row["count"] for row in councils if not row["code"])
    chart = (
        bar_chart(
            [(row["name"], row["count"]) for row in regions],
            title="Confirmed signatures by region",
            value_label="Signatures",
            horizontal=True,
            width=640,
        )
        if regions
        else None
    )
    tally = campaign_counts(campaign.id)
    html = render_template(
        "campaigners/handin/pack.html",
        campaign=campaign,
        paragraphs=[p.strip() for p in campaign.body.split("\n\n") if p.strip()],
        total=total,
        counted_at=utcnow(),
        regions=regions,
        region_chart=chart,
        councils=[row for row in councils if row["code"]],
        outside_uk=outside,
        constituencies=constituency_rows(tally.by_constituency),
        constituency_map=constituency_map(
            tally.by_constituency, "Confirmed signatures by constituency"
        )
        if tally.by_constituency
        else None,
        mps_list_date=mps_list_date(),
    )
    return html, len(councils)


def handin_pdf(campaign: Campaign) -> tuple[bytes, int]:
    html, rows = handin_html(campaign)
    return HTML(string=html, base_url=str(ROOT)).write_pdf(**TAGGED_PDF_UA), rows


def handin_export(account: Account, campaign: Campaign, ip_address: str | None = None) -> Export:
    record_id = begin_audit(account, campaign, "hand-in-pack", "pdf", ip_address=ip_address)

    def produce(counter: RowCounter) -> Iterator[bytes]:
        pdf, rows = handin_pdf(campaign)
        counter.rows = rows
        yield pdf

    return Export(
        record_id,
        export_filename(campaign, "hand-in-pack", "pdf"),
        "application/pdf",
        audited(record_id, produce),
    )
