"""Turning booklet content into HTML and the HTML into an accessible PDF.

Two steps with different costs: `render_html` is cheap (Jinja, a few milliseconds) and runs in
the web process, where the data lives; `html_to_pdf` is the expensive WeasyPrint layout and runs
in a render worker (see pool.py). It takes and returns plain values so it can cross a process
boundary.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

BOOKLET_DIR = Path(__file__).resolve().parent.parent.parent / "booklet"
TEMPLATE_DIR = BOOKLET_DIR / "templates"
# Files whose change alters the PDF for the same data: they are part of every cache key.
_CODE_FILES = ("render.py", "content.py", "sources.py", "splice.py", "fonts.py")


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(content, personal_only: bool = False) -> str:
    """The booklet as one HTML document. Everything a person typed is escaped here.

    With `personal_only`, just the cover and the letter: the pages that carry the name.
    """
    template = _environment().get_template("booklet.html")
    return template.render(b=content, personal_only=personal_only)


@cache
def design_version() -> str:
    """A fingerprint of the templates, styles, fonts and rendering code.

    Part of the cache key, so a deploy that changes how booklets look never serves an old PDF.
    Computed once per process: the files do not change under a running server.
    """
    digest = hashlib.sha256()
    paths = sorted(p for p in BOOKLET_DIR.rglob("*") if p.is_file())
    here = Path(__file__).resolve().parent
    paths += [here / name for name in _CODE_FILES if (here / name).exists()]
    paths += sorted((here.parent / "charts").glob("*.py"))
    for path in paths:
        digest.update(str(path.relative_to(BOOKLET_DIR.parent)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def html_to_pdf(html: str) -> bytes:
    """Lay out the HTML as a tagged PDF/UA-1 document with title, language and metadata."""
    from weasyprint import HTML  # imported here: the web process never needs it

    # Title, author, description and language come from the document's <head> and <html lang>.
    return HTML(string=html, base_url=str(BOOKLET_DIR) + "/").write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
