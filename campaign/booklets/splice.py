"""Making a second booklet for the same council faster, by re-using the first one's pages.

Booklets for one council differ only in the advocate's name, which is printed on two parts: the
cover and the letter. So a render worker keeps the laid-out pages of the last few booklets it
made (a WeasyPrint Document, keyed by everything except the name), and for a new name lays out
only the cover and letter, numbers them to fit, and puts them in place of the old ones. Layout
is most of the cost of a booklet; this skips about nine tenths of it.

If anything does not line up (say a long name pushes the letter onto another page), the booklet
is laid out in full instead: the result is always the same as a full render would give.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from campaign.booklets.render import BOOKLET_DIR
from campaign.core.cache import Cache

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
# Each kept Document holds its layout boxes (about 10-20 MB); a few cover a campaign push in
# one area while keeping the worker well under its memory budget.
KEEP_DOCUMENTS = 4


@dataclass(frozen=True)
class RenderJob:
    html: str  # the whole booklet
    personal_html: str  # just the cover and the letter, as in `html`
    base_key: str  # identifies the booklet apart from the name


# Keyed by `base_key`, which is everything that decides the pages apart from the name.
_documents: Cache[Any] = Cache(maxsize=KEEP_DOCUMENTS)
stats = {"full": 0, "spliced": 0}


def render_job(job: RenderJob) -> bytes:
    laid_out = []

    def full_layout():
        laid_out.append(_layout(job.html))
        return laid_out[-1]

    document = _documents.get_or_set(job.base_key, full_layout)
    if not laid_out:
        spliced = _splice(document, job.personal_html)
        if spliced is not None:
            stats["spliced"] += 1
            return spliced.write_pdf(**PDF_OPTIONS)
        # The kept pages do not fit this name: lay it out in full, and keep that instead.
        _documents.forget(job.base_key)
        document = _documents.get_or_set(job.base_key, full_layout)
    stats["full"] += 1
    return document.write_pdf(**PDF_OPTIONS)


def warm_up() -> None:
    _style()


def forget_all() -> None:
    _documents.clear()


@cache
def _style():
    """The booklet's stylesheet, parsed once per worker, with its fonts loaded once."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return CSS(filename=str(BOOKLET_DIR / "css" / "booklet.css"), font_config=fonts), fonts


def _layout(html: str, extra_css: str = ""):
    from weasyprint import CSS, HTML

    stylesheet, fonts = _style()
    sheets = [stylesheet]
    if extra_css:
        sheets.append(CSS(string=extra_css, font_config=fonts))
    return HTML(string=html, base_url=str(BOOKLET_DIR) + "/").render(
        stylesheets=sheets, font_config=fonts, **PDF_OPTIONS
    )


def _letter_pages(document) -> tuple[int, int] | None:
    starts = {name: i for i, page in enumerate(document.pages) for name in page.anchors}
    if "letter" not in starts or "sources" not in starts:
        return None
    return starts["letter"], starts["sources"]


def _splice(base, personal_html: str):
    span = _letter_pages(base)
    if span is None:
        return None
    start, end = span
    total = len(base.pages)
    # The personal pages are numbered as they will sit in the whole booklet: the letter's first
    # page is page start+1 of `total`. (Page 1, the cover, shows no number.)
    numbering = (
        f'@page {{ @bottom-center {{ content: "Page " counter(page) " of {total}" }} }}'
        f"@page :nth(2) {{ counter-reset: page {start + 1} }}"
    )
    personal = _layout(personal_html, numbering)
    cover, letter = personal.pages[:1], personal.pages[1:]
    if len(letter) != end - start:
        return None
    pages = cover + base.pages[1:start] + letter + base.pages[end:]
    # The personal document's metadata carries this advocate's name as the PDF's author.
    return personal.copy(pages)
