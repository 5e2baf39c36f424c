"""A second booklet for the same council re-uses the first one's pages: it must read exactly as a
booklet laid out in full would."""

import io

from pypdf import PdfReader

from campaign.booklets import splice
from campaign.booklets.content import build_content
from campaign.booklets.facts_adapter import inputs_for
from campaign.booklets.render import render_html
from campaign.places import loaders

SHEFFIELD = "E08000039"


def _job(name: str) -> splice.RenderJob:
    content = build_content(inputs_for(SHEFFIELD), name, None)
    return splice.RenderJob(
        html=render_html(content),
        personal_html=render_html(content, personal_only=True),
        base_key="sheffield-test",
    )


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_spliced_booklet_reads_exactly_like_one_laid_out_in_full(app):
    loaders.load_all()
    splice.forget_all()
    splice.render_job(_job("First Advocate"))
    before = dict(splice.stats)
    spliced = splice.render_job(_job("Zoë <i>Second</i>"))
    assert splice.stats["spliced"] == before["spliced"] + 1
    splice.forget_all()
    full = splice.render_job(_job("Zoë <i>Second</i>"))
    assert _pages(spliced) == _pages(full)
    assert "Zoë <i>Second</i>" in _pages(spliced)[0]
    assert "First Advocate" not in " ".join(_pages(spliced))
    reader = PdfReader(io.BytesIO(spliced))
    assert reader.metadata.author == "Zoë <i>Second</i>"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
