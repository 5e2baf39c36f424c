"""A map of counts by area (signatures by constituency) as accessible inline SVG.

The caller passes the outlines in (SVG path data per area, and optionally a larger drawing of
some areas for an inset), so this module knows nothing of where they came from. Every area has
a tooltip with its name and count; the figure is summarised for screen readers, and pages show
the same counts as a table beside it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import Protocol

from markupsafe import Markup, escape

from campaign.charts.svg import DEFAULT_FONT, INK, MUTED

# Light to dark: more signatures, darker blue. Areas with none stay pale grey.
SHADES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
NONE_SHADE = "#eef0f2"
EDGE = "#ffffff"
LEGEND_FONT = 22
LEGEND_ROW = 30


class Area(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...  # SVG path data on the main map
    @property
    def inset_path(self) -> str | None: ...  # on the inset, for the areas it enlarges


def classes(highest: int, count: int = len(SHADES)) -> list[tuple[int, int]]:
    """Up to `count` ranges (low, high) from 1 to `highest`, growing geometrically, so that a
    few very large areas do not leave every other one in the palest shade."""
    if highest < 1:
        return []
    bounds: list[int] = []
    for k in range(1, count + 1):
        bound = math.ceil(highest ** (k / count))
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    lows = [1, *(b + 1 for b in bounds[:-1])]
    return list(zip(lows, bounds, strict=True))


def _shade(value: int, ranges: list[tuple[int, int]]) -> str:
    for i, (_low, high) in enumerate(ranges):
        if value <= high:
            return SHADES[i + len(SHADES) - len(ranges)]
    return NONE_SHADE


def area_map(
    areas: Sequence[Area],
    counts: Mapping[str, int],
    *,
    width: float,
    height: float,
    inset: tuple[float, float, float, float] | None = None,
    inset_label: str = "",
    title: str,
    unit: tuple[str, str] = ("signature", "signatures"),
) -> Markup:
    e = escape
    ranges = classes(max(counts.values(), default=0))
    cid = "map-" + hashlib.sha256(repr(sorted(counts.items())).encode()).hexdigest()[:10]

    def noun(n: int) -> str:
        return unit[0] if n == 1 else unit[1]

    def shape(area: Area, d: str) -> str:
        n = counts.get(area.code, 0)
        shade = _shade(n, ranges) if n else NONE_SHADE
        return f'<path d="{d}" fill="{shade}"><title>{e(area.name)}: {n:,} {noun(n)}</title></path>'

    with_any = [a for a in areas if counts.get(a.code)]
    top = max(with_any, key=lambda a: counts[a.code], default=None)
    summary = (
        f"{sum(counts.get(a.code, 0) for a in areas):,} {unit[1]} in {len(with_any)} of "
        f"{len(areas)} areas; the most in {top.name} ({counts[top.code]:,})."
        if top
        else f"No {unit[1]} yet."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" font-family="{e(DEFAULT_FONT)}" '
        f'width="{width:g}" height="{height:g}">'
        f'<title id="{cid}-title">{e(title)}</title><desc id="{cid}-desc">{summary}</desc>'
        f'<g stroke="{EDGE}" stroke-width="0.6" stroke-linejoin="round">',
        *(shape(a, a.path) for a in areas),
        "</g>",
    ]
    if inset is not None:
        x, y, w, h = inset
        out += [
            f'<clipPath id="{cid}-inset"><rect x="{x:g}" y="{y:.1f}" width="{w:g}" '
            f'height="{h:.1f}"/></clipPath>'
            f'<rect x="{x:g}" y="{y:.1f}" width="{w:g}" height="{h:.1f}" fill="#fff" '
            f'stroke="{MUTED}"/><g clip-path="url(#{cid}-inset)" stroke="{EDGE}" '
            'stroke-width="0.6" stroke-linejoin="round">',
            *(shape(a, a.inset_path) for a in areas if a.inset_path),
            f'</g><text x="{x:g}" y="{y - 8:.1f}" font-size="{LEGEND_FONT}" fill="{INK}">'
            f"{e(inset_label)}</text>",
        ]
    out.append(_legend(ranges, height, unit))
    out.append("</svg>")
    return Markup(f'<figure class="area-map" id="{cid}">{"".join(out)}</figure>')  # noqa: S704


def _legend(ranges: list[tuple[int, int]], height: float, unit: tuple[str, str]) -> str:
    # Large enough to read when the map is shrunk to a phone's width.
    rows = [(NONE_SHADE, "none"), *((_shade(r[1], ranges), _range(r)) for r in ranges)]
    top = height - 16 - LEGEND_ROW * len(rows)
    parts = [
        f'<text x="12" y="{top - 10:.0f}" font-size="{LEGEND_FONT}" fill="{INK}">'
        f"{escape(unit[1].capitalize())}</text>"
    ]
    for i, (shade, label) in enumerate(rows):
        y = top + LEGEND_ROW * i
        parts.append(
            f'<rect x="12" y="{y:.0f}" width="30" height="22" fill="{shade}" stroke="{MUTED}" '
            f'stroke-width="0.5"/><text x="52" y="{y + 18:.0f}" font-size="{LEGEND_FONT}" '
            f'fill="{INK}">{escape(label)}</text>'
        )
    return "".join(parts)


def _range(bounds: tuple[int, int]) -> str:
    low, high = bounds
    return f"{low:,}" if low == high else f"{low:,} to {high:,}"
