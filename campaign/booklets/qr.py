"""QR codes as inline SVG: vector in the PDF, and tagged with a title for screen readers."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup, escape


def qr_svg(url: str, label: str) -> Markup:
    """An SVG QR code for `url`. `label` becomes its <title>, the PDF's alternative text."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    head, rest = svg.split(">", 1)
    # The page's CSS sizes the code; fixed millimetre sizes from the library would fight it.
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    # The SVG comes from qrcode (only path data); the one text in it, the label, is escaped.
    return Markup(f'{head} role="img"><title>{escape(label)}</title>{rest}')  # noqa: S704
