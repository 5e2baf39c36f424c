"""Resources: checked PDFs or links, listed with filters, on campaign and council pages, served
with the right headers, downloads counted by campaign and council; campaigners upload them."""

import io
from datetime import date

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import Resource, ResourceDownload
from campaign.resources import library
from campaign.resources.files import FileRejected, check_pdf
from tests.campaigners.helpers import csrf_free, signed_in
from tests.factories import make_campaign

SHEFFIELD = "E08000039"


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def stored(app, tmp_path):
    campaign = make_campaign()
    briefing = library.save(
        library.ResourceValues(
            title="What centres do",
            summary="A short briefing.",
            publisher="Best Start",
            published_on=date(2026, 3, 1),
            topic="Children's centres",
            pdf=pdf_bytes(),
            campaign_ids=[campaign.id],
            council_codes=[SHEFFIELD],
        ),
        by="tests",
    )
    report = library.save(
        library.ResourceValues(
            title="A report elsewhere",
            summary="",
            publisher="Another Charity",
            published_on=date(2025, 1, 1),
            topic="Health visiting",
            link_url="https://example.org/report",
        ),
        by="tests",
    )
    return campaign, briefing, report


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Choose a PDF"),
        (b"<html>not a pdf</html>", "must be a PDF"),
        (b"%PDF-1.7\nthis is not really a pdf", "could not be opened as a PDF|have pages"),
    ],
)
def test_only_a_real_pdf_is_accepted(app, data, message):
    with pytest.raises(FileRejected, match=message):
        check_pdf(data)


def test_a_pdf_over_the_size_limit_is_refused(app):
    app.config["RESOURCE_MAX_BYTES"] = 100
    with pytest.raises(FileRejected, match="MB or smaller"):
        check_pdf(pdf_bytes())


def test_a_link_must_be_http_or_https(app):
    values = library.ResourceValues("T", "", "P", date(2026, 1, 1), link_url="javascript:alert(1)")
    with pytest.raises(library.ResourceRejected, match="https://"):
        library.save(values, by="tests")


def test_the_file_is_kept_under_a_generated_name_and_served_as_a_pdf(client, stored):
    _, briefing, _ = stored
    assert briefing.file_name.endswith(".pdf") and "centres" not in briefing.file_name
    response = client.get(f"/resources/{briefing.id}/download")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="what-centres-do.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.data.startswith(b"%PDF-")


def test_a_link_resource_redirects_and_counts(client, stored):
    _, _, report = stored
    response = client.get(f"/resources/{report.id}/download")
    assert response.status_code == 302 and response.location == "https://example.org/report"
    assert library.download_counts(report.id) == {"all": 1, "elsewhere": 1}


def test_downloads_are_counted_by_campaign_and_council(client, stored):
    campaign, briefing, _ = stored
    client.get(f"/resources/{briefing.id}/download?campaign={campaign.slug}")
    client.get(f"/resources/{briefing.id}/download?council={SHEFFIELD}")
    client.get(f"/resources/{briefing.id}/download?council={SHEFFIELD}")
    counts = library.download_counts(briefing.id)
    assert counts["all"] == 3
    assert counts[f"campaign: {campaign.title}"] == 1 and counts[f"council: {SHEFFIELD}"] == 2


def test_the_library_filters_by_topic_publisher_and_council(client, stored):
    page = client.get("/resources").get_data(as_text=True)
    assert "What centres do" in page and "A report elsewhere" in page
    page = client.get("/resources?topic=Health+visiting").get_data(as_text=True)
    assert "What centres do" not in page and "A report elsewhere" in page
    page = client.get("/resources?publisher=Best+Start").get_data(as_text=True)
    assert "What centres do" in page and "A report elsewhere" not in page
    page = client.get(f"/resources?council={SHEFFIELD}").get_data(as_text=True)
    assert "What centres do" in page and "A report elsewhere" not in page


def test_the_campaign_page_lists_its_resources_with_counted_links(client, stored):
    campaign, briefing, _ = stored
    page = client.get(f"/petitions/{campaign.slug}").get_data(as_text=True)
    assert "Briefings and reports" in page and "What centres do" in page
    assert f"/resources/{briefing.id}/download?campaign={campaign.slug}" in page
    assert "A report elsewhere" not in page


def test_a_campaigner_uploads_and_edits_a_resource(app, client, tmp_path):
    csrf_free(app)
    signed_in(client)
    form = {
        "title": "Uploaded briefing",
        "publisher": "Best Start",
        "published_on": "2026-02-01",
        "councils": SHEFFIELD,
        "pdf": (io.BytesIO(pdf_bytes()), "../../etc/passwd.pdf"),
    }
    response = client.post("/campaigners/resources/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    resource = db.session.scalar(select(Resource))
    assert "passwd" not in resource.file_name
    edited = client.post(
        f"/campaigners/resources/{resource.id}/edit",
        data={**form, "title": "Renamed", "pdf": (io.BytesIO(b""), "")},
    )
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(Resource, resource.id).title == "Renamed"
    listing = client.get("/campaigners/resources").get_data(as_text=True)
    assert "Renamed" in listing


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pdf": (io.BytesIO(b"GIF89a"), "x.pdf")}, "must be a PDF"),
        ({"pdf": (io.BytesIO(b""), ""), "link_url": "ftp://x"}, "must start with https://"),
        ({"pdf": (io.BytesIO(b""), "")}, "Upload a PDF or give a link"),
        ({"councils": "E99999999"}, "No council has the code E99999999"),
        ({"published_on": ""}, "Enter the date"),
    ],
)
def test_a_bad_upload_gets_a_message_and_saves_nothing(app, client, tmp_path, change, message):
    csrf_free(app)
    signed_in(client)
    form = {
        "title": "Uploaded briefing",
        "publisher": "Best Start",
        "published_on": "2026-02-01",
        "pdf": (io.BytesIO(pdf_bytes()), "b.pdf"),
        **change,
    }
    response = client.post("/campaigners/resources/new", data=form)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Resource)) == 0
    assert db.session.scalar(select(func.count()).select_from(ResourceDownload)) == 0


def test_a_briefing_larger_than_the_site_wide_body_limit_still_uploads(app, client, tmp_path):
    # Every other form stops at MAX_CONTENT_LENGTH; the upload page's own limit is the file's.
    csrf_free(app)
    signed_in(client)
    # Small enough that the parser keeps the file in memory (Werkzeug spools past 500 KB).
    app.config["MAX_CONTENT_LENGTH"] = 200 * 1024
    big = pdf_bytes() + b"%" + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1024) + b"\n"
    assert len(big) < app.config["RESOURCE_MAX_BYTES"]
    form = {
        "title": "A long report",
        "publisher": "Best Start",
        "published_on": "2026-02-01",
        "pdf": (io.BytesIO(big), "report.pdf"),
    }
    response = client.post("/campaigners/resources/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    campaign = make_campaign()
    oversized_sign = client.post(
        f"/petitions/{campaign.slug}/signatures",
        data={"name": "x" * app.config["MAX_CONTENT_LENGTH"]},
    )
    assert oversized_sign.status_code == 413
