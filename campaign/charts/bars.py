"""A plain labelled bar chart (counts per day, per region...) as accessible inline SVG."""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup, escape

from campaign.charts.svg import (
    BAR_COLOUR,
    DEFAULT_FONT,
    GRID,
    INK,
    MUTED,
    Layout,
    axis,
    number,
    stable_id,
)


def bar_chart(
    values: Sequence[tuple[str, float]],
    *,
    title: str,
    value_label: str,
    horizontal: bool = False,
    width: int = 720,
    fmt=lambda v: f"{v:,.0f}",
    min_top: float = 4,
    phone: bool = False,
) -> Markup:
    """A plain labelled bar chart (counts per day, per region...), as accessible inline SVG.

    Vertical bars suit a time series (labels thin out to stay legible); horizontal bars suit
    named categories, each label written in full beside its bar. With `phone`, a second drawing
    about 360 units wide (its text 13 px on a phone) is shown by the stylesheet on small screens."""
    values = [(str(label), number(v) or 0.0) for label, v in values]
    cid = stable_id(title, dict(values), None, [label for label, _ in values])
    if not phone:
        svg = _draw(values, title, value_label, horizontal, width, 12, fmt, min_top, cid)
    else:
        svg = (
            '<div class="chart-screen">'
            + _draw(values, title, value_label, horizontal, width, 12, fmt, min_top, cid)
            + '</div><div class="chart-phone">'
            + _draw(values, title, value_label, horizontal, 360, 13, fmt, min_top, f"{cid}-phone")
            + "</div>"
        )
    return Markup(f'<figure class="bar-chart" id="{cid}">{svg}</figure>')  # noqa: S704


def _draw(values, title, value_label, horizontal, width, font, fmt, min_top, cid) -> str:
    e = escape
    # min_top keeps small counts on whole-number ticks rather than 0, 0.25, 0.5...
    low, high, step = axis([min_top, *(v for _, v in values)])
    summary = (
        f"{len(values)} bars; the largest is {e(fmt(max(v for _, v in values)))}"
        if values
        else "No figures yet"
    )
    narrow = width < 500
    if horizontal:
        lay = Layout(
            width,
            28 + 2 * font * max(len(values), 1),
            left=190 if narrow else 210,  # "Yorkshire and The Humber" at 13 units
            right=40 if narrow else 70,
            top=8,
            bottom=20,
        )
    else:
        lay = Layout(width, 260, left=44 if narrow else 64, right=36, bottom=40)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width} {lay.height}" '
        f'width="{lay.width}" height="{lay.height}" class="chart-svg" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" font-family="{e(DEFAULT_FONT)}">'
        f'<title id="{cid}-title">{e(title)}</title><desc id="{cid}-desc">{e(value_label)}: '
        f"{summary}</desc>"
    ]
    span = (high - low) or 1
    if horizontal:
        row = lay.plot_height / max(len(values), 1)
        for i, (label, v) in enumerate(values):
            y = lay.top + i * row
            length = (v - low) / span * lay.plot_width
            out.append(
                f'<text x="{lay.left - 8}" y="{y + row * 0.65:.1f}" text-anchor="end" '
                f'font-size="{font}" fill="{INK}">{e(label)}</text>'
                f'<rect x="{lay.left}" y="{y + row * 0.15:.1f}" width="{max(length, 0.8):.1f}" '
                f'height="{row * 0.7:.1f}" fill="{BAR_COLOUR}"/>'
                f'<text x="{lay.left + length + 6:.1f}" y="{y + row * 0.65:.1f}" '
                f'font-size="{font}" fill="{INK}">{e(fmt(v))}</text>'
            )
    else:
        slot = lay.plot_width / max(len(values), 1)
        # Labels about 6 characters wide at this size: as many as fit without touching.
        every = max(1, math.ceil(len(values) * font * 6 / lay.plot_width))
        tick = low
        while tick <= high + step / 2:
            y = lay.top + (high - tick) / span * lay.plot_height
            out.append(
                f'<line x1="{lay.left}" x2="{lay.width - lay.right}" y1="{y:.1f}" '
                f'y2="{y:.1f}" stroke="{GRID if tick else MUTED}"/><text x="{lay.left - 6}" '
                f'y="{y + 4:.1f}" text-anchor="end" font-size="{font}" fill="{MUTED}">'
                f"{e(fmt(tick))}</text>"
            )
            tick += step
        for i, (label, v) in enumerate(values):
            h = (v - low) / span * lay.plot_height
            x = lay.left + i * slot
            out.append(
                f'<rect x="{x + slot * 0.1:.1f}" y="{lay.top + lay.plot_height - h:.1f}" '
                f'width="{max(slot * 0.8, 0.8):.1f}" height="{h:.1f}" fill="{BAR_COLOUR}">'
                f"<title>{e(label)}: {e(fmt(v))}</title></rect>"
            )
            if i % every == 0:
                out.append(
                    f'<text x="{x + slot / 2:.1f}" y="{lay.height - lay.bottom + 15}" '
                    f'text-anchor="middle" font-size="{font - 1}" fill="{INK}">{e(label)}</text>'
                )
    out.append("</svg>")
    return "".join(out)
