"""A council page lists the briefings and reports tagged to that council, with counted links."""

import io
from datetime import date

from pypdf import PdfWriter

from campaign.resources import library


def test_the_council_page_lists_resources_tagged_to_it(app, client, loaded, tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    pdf = io.BytesIO()
    writer.write(pdf)
    tagged = library.save(
        library.ResourceValues(
            "Sheffield briefing",
            "",
            "Best Start",
            date(2026, 1, 5),
            pdf=pdf.getvalue(),
            council_codes=["E08000039"],
        ),
        by="tests",
    )
    library.save(
        library.ResourceValues(
            "Cornwall briefing",
            "",
            "Best Start",
            date(2026, 1, 5),
            link_url="https://example.org/c",
            council_codes=["E06000052"],
        ),
        by="tests",
    )
    page = client.get("/local/E08000039").get_data(as_text=True)
    assert "Sheffield briefing" in page and "Cornwall briefing" not in page
    assert f"/resources/{tagged.id}/download?council=E08000039" in page
