"""The demo briefing series: real PDFs from the booklet machinery, each with its sources, added
to the library once and tagged to the seed campaign."""

import io
from datetime import date

from pypdf import PdfReader

from campaign.booklets.briefings import BRIEFINGS, load_briefings
from campaign.petitions.demo import load_demo
from campaign.resources import files, library


def test_the_demo_briefings_are_real_pdfs_with_sources_tagged_to_the_seed_campaign(
    app, tmp_path, client
):
    load_demo()
    added = load_briefings(date(2026, 3, 1))
    assert added == [b.title for b in BRIEFINGS] and len(added) == 3
    assert load_briefings(date(2026, 3, 1)) == []
    for resource in library.find(publisher="Best Start (demo)"):
        reader = PdfReader(io.BytesIO(files.path_for(resource.file_name).read_bytes()))
        text = " ".join(page.extract_text() for page in reader.pages)
        assert resource.title in " ".join(text.split()) and "Sources" in text
        assert reader.metadata.title == resource.title
    page = client.get("/petitions/best-start-in-life").get_data(as_text=True)
    assert all(b.title.replace("'", "&#39;") in page for b in BRIEFINGS)
