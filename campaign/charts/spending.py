"""Spending over time as a server-rendered SVG bar chart.

The same markup works in a browser without JavaScript and in WeasyPrint, where it stays
vector. Figures are drawn exactly as given: a missing year is drawn as a visible gap and is
never interpolated, and the points where the spending line changed its definition are marked
on the chart and explained in its caption, because the series is not like-for-like across them.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from campaign.charts.svg import (
    BAR_COLOUR,
    COMPARISON_COLOUR,
    DEFAULT_FONT,
    GRID,
    INK,
    MUTED,
    Layout,
    Series,
    axis,
    normalise,
    stable_id,
)


def format_pounds(value: float | None) -> str:
    """Pounds in the short form a reader takes in at a glance: £24.7m, £850k, £640."""
    if value is None:
        return "no figure"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1_000_000_000:
        return f"{sign}£{value / 1_000_000_000:.2f}bn"
    if value >= 1_000_000:
        return f"{sign}£{value / 1_000_000:.1f}m"
    if value >= 1_000:
        return f"{sign}£{value / 1_000:.0f}k"
    return f"{sign}£{value:.0f}"


def format_index(value: float | None) -> str:
    return "no figure" if value is None else f"{value:.0f}"


def index_series(series: Series, base_year: str) -> dict[str, float | None]:
    """Each value as a percentage of the base year's, so unlike-sized series share an axis.

    Gaps stay gaps. Returns all-None when the base year has no usable figure, rather than
    silently picking another base.
    """
    values = normalise(series)
    base = values.get(base_year)
    if not base:
        return {year: None for year in values}
    return {year: (None if v is None else v / base * 100) for year, v in values.items()}


def spending_chart(
    series: Series,
    *,
    title: str,
    series_label: str = "Spending",
    comparison: Series | None = None,
    comparison_label: str | None = None,
    years: Sequence[str],
    definition_changes: Sequence[tuple[str, str]] = (),
    unit: str = "pounds",
    width: int = 720,
    height: int = 320,
    font_family: str = DEFAULT_FONT,
    table: bool = True,
    chart_id: str | None = None,
) -> Markup:
    """A <figure> with a bar chart (one bar per financial year) and its explanation.

    `series` and `comparison` map a financial year ("2015-16") to a number or None; each of `years`
    absent or None is drawn as a gap. `definition_changes` are (first year, note) pairs where the
    series changed what it counts: marked on the chart and explained in its caption. `unit` is
    "pounds" or "index" (see index_series). The figure carries an accessible title and description,
    a caption explaining the gaps and definition changes, and (if `table`) the figures as a table:
    the text alternative.
    """
    if unit not in ("pounds", "index"):
        raise ValueError(f"unit must be 'pounds' or 'index', not {unit!r}")
    fmt = format_pounds if unit == "pounds" else format_index
    main = normalise(series)
    other = normalise(comparison) if comparison is not None else None
    years = list(years)
    changes = [(y, note) for y, note in definition_changes if y in years]
    cid = chart_id or stable_id(title, main, other, years)
    layout = Layout(width, height)

    svg = _svg(
        main,
        other,
        years,
        changes,
        layout,
        fmt,
        title,
        series_label,
        font_family,
        cid,
    )
    caption = _caption(main, other, years, changes, series_label, comparison_label)
    parts = [f'<figure class="spending-chart" id="{cid}">', svg, caption]
    if table:
        parts.append(
            _table(main, other, years, changes, fmt, title, series_label, comparison_label)
        )
    parts.append("</figure>")
    return Markup("".join(parts))  # noqa: S704 (every value in it went through escape())


def describe(
    series: Series,
    *,
    years: Sequence[str],
    series_label: str = "Spending",
    unit: str = "pounds",
) -> str:
    """One or two plain sentences saying what the chart shows, for screen readers and alt text."""
    fmt = format_pounds if unit == "pounds" else format_index
    values = normalise(series)
    present = [(y, values[y]) for y in years if values.get(y) is not None]
    missing = [y for y in years if values.get(y) is None]
    if not present:
        return f"{series_label}: no figures are published for {years[0]} to {years[-1]}."
    (first_year, first), (last_year, last) = present[0], present[-1]
    text = f"{series_label} was {fmt(first)} in {first_year} and {fmt(last)} in {last_year}"
    if first and len(present) > 1:
        change = (last - first) / abs(first) * 100
        direction = "down" if change < 0 else "up"
        text += f" ({direction} {abs(change):.0f}%, across definition changes)"
    text += "."
    if missing:
        text += f" No figure for {_join(missing)}."
    return text


# --- internals -----------------------------------------------------------------------------


def _svg(
    main,
    other,
    years,
    changes,
    lay: Layout,
    fmt,
    title,
    series_label,
    font_family,
    cid,
) -> str:
    unit = "index" if fmt is format_index else "pounds"
    description = describe(main, series_label=series_label, years=years, unit=unit)
    known = [v for v in main.values() if v is not None]
    if other:
        known += [v for v in other.values() if v is not None]
    low, high, step = axis(known)
    slot = lay.plot_width / max(len(years), 1)

    def y_of(v: float) -> float:
        return lay.top + (high - v) / (high - low) * lay.plot_height

    def x_of(i: int) -> float:
        return lay.left + i * slot

    e = escape
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width} {lay.height}" '
            f'role="img" aria-labelledby="{cid}-title {cid}-desc" '
            f'font-family="{e(font_family)}" '
            f'style="display:block;width:100%;max-width:{lay.width}px">'
        ),
        f'<title id="{cid}-title">{e(title)}</title>',
        f'<desc id="{cid}-desc">{e(description)}</desc>',
    ]
    # Gridlines and axis labels.
    tick = low
    while tick <= high + step / 2:
        y = y_of(tick)
        out.append(
            f'<line x1="{lay.left}" x2="{lay.width - lay.right}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="{GRID if tick else MUTED}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{lay.left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{MUTED}">{e(fmt(tick))}</text>'
        )
        tick += step
    zero_y = y_of(0)
    bar_w = slot * 0.64
    for i, year in enumerate(years):
        cx = x_of(i) + slot / 2
        out.append(
            f'<text x="{cx:.1f}" y="{lay.height - lay.bottom + 15}" text-anchor="middle" '
            f'font-size="10" fill="{INK}">{e(year)}</text>'
        )
        value = main.get(year)
        if value is None:
            out.append(_gap(cx, bar_w, lay))
            continue
        top = min(y_of(value), zero_y)
        h = max(abs(zero_y - y_of(value)), 0.8)
        out.append(
            f'<rect x="{cx - bar_w / 2:.1f}" y="{top:.1f}" width="{bar_w:.1f}" '
            f'height="{h:.1f}" fill="{BAR_COLOUR}"><title>{e(year)}: {e(fmt(value))}'
            f"</title></rect>"
        )
    if other:
        out.extend(_comparison_line(other, years, x_of, slot, y_of))
    for n, (year, _note) in enumerate(changes, start=1):
        out.extend(_change_marker(n, x_of(years.index(year)), lay))
    out.append("</svg>")
    return "".join(out)


def _gap(cx: float, bar_w: float, lay: Layout) -> str:
    # A dashed, empty slot with words, so a missing year reads as "missing", never as zero.
    y0, h = lay.top + lay.plot_height * 0.35, lay.plot_height * 0.65
    return (
        f'<rect x="{cx - bar_w / 2:.1f}" y="{y0:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
        f'fill="#f4f5f7" stroke="{MUTED}" stroke-width="1" stroke-dasharray="3 3"/>'
        f'<text transform="translate({cx + 3.5:.1f} {y0 + h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle" font-size="10" fill="{MUTED}">no figure</text>'
    )


def _comparison_line(other, years, x_of, slot, y_of) -> list[str]:
    out, run = [], []
    for i, year in enumerate(years + [None]):
        v = other.get(year) if year is not None else None
        if v is None:
            if len(run) > 1:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(
                    f'<polyline points="{pts}" fill="none" '
                    f'stroke="{COMPARISON_COLOUR}" stroke-width="2.5"/>'
                )
            run = []
            continue
        run.append((x_of(i) + slot / 2, y_of(v)))
        out.append(
            f'<circle cx="{run[-1][0]:.1f}" cy="{run[-1][1]:.1f}" r="3.5" '
            f'fill="#fff" stroke="{COMPARISON_COLOUR}" stroke-width="2"/>'
        )
    return out


def _change_marker(n: int, x: float, lay: Layout) -> list[str]:
    bottom = lay.top + lay.plot_height
    return [
        (
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{lay.top - 4}" y2="{bottom:.1f}" stroke="{INK}" '
            f'stroke-width="1.2" stroke-dasharray="5 3"/>'
        ),
        (
            f'<circle cx="{x:.1f}" cy="{lay.top - 12}" r="8" fill="#fff" stroke="{INK}" '
            f'stroke-width="1.2"/>'
        ),
        (
            f'<text x="{x:.1f}" y="{lay.top - 8}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="{INK}">{n}</text>'
        ),
    ]


def _legend(series_label, comparison_label, has_missing, has_changes) -> str:
    # In HTML, not SVG: it wraps on a narrow screen, and WeasyPrint lays out SVG text letter by
    # letter, so words in the SVG are the dearest part of a booklet's chart.
    swatch = "display:inline-block;width:0.9em;height:0.8em;margin-right:0.3em;"
    items = [f'<span style="{swatch}background:{BAR_COLOUR}"></span>{escape(series_label)}']
    if comparison_label:
        items.append(
            f'<span style="{swatch}height:0;border-top:2.5px solid {COMPARISON_COLOUR};'
            f'vertical-align:middle"></span>{escape(comparison_label)}'
        )
    if has_missing:
        items.append(
            f'<span style="{swatch}background:#f4f5f7;border:1px dashed {MUTED}"></span>'
            "no figure published"
        )
    if has_changes:
        items.append(
            f'<span style="{swatch}width:0;border-left:1.5px dashed {INK}"></span>'
            "definition changed (see notes)"
        )
    spans = "".join(f'<span style="margin-right:1.2em">{item}</span>' for item in items)
    return f'<p class="chart-legend">{spans}</p>'


def _caption(main, other, years, changes, series_label, comparison_label) -> str:
    notes = [
        f"<li><strong>{n}</strong>&ensp;{escape(note)}</li>"
        for n, (_y, note) in enumerate(changes, start=1)
    ]
    missing = [y for y in years if main.get(y) is None]
    label = comparison_label if other else None
    text = _legend(series_label, label, bool(missing), bool(changes))
    if missing:
        text += (
            f"<p>No figure is published for {escape(_join(missing))}: the gap is left "
            f"empty, not filled in.</p>"
        )
    if changes:
        text += (
            "<p>The spending line was redefined at the numbered dashed lines, so years "
            "either side are not like-for-like:</p>"
            '<ul class="chart-notes" style="list-style:none;padding-left:0">'
            + "".join(notes)
            + "</ul>"
        )
    return f"<figcaption>{text}</figcaption>"


def _table(main, other, years, changes, fmt, title, series_label, comparison_label) -> str:
    change_years = {y: n for n, (y, _note) in enumerate(changes, start=1)}
    head = f"<th scope='col'>{escape(series_label)}</th>"
    if other is not None:
        head += f"<th scope='col'>{escape(comparison_label or 'Comparison')}</th>"
    rows = []
    for year in years:
        mark = f" (definition change {change_years[year]})" if year in change_years else ""
        cells = f"<td>{escape(fmt(main.get(year)))}</td>"
        if other is not None:
            cells += f"<td>{escape(fmt(other.get(year)))}</td>"
        rows.append(f"<tr><th scope='row'>{escape(year)}{escape(mark)}</th>{cells}</tr>")
    return (
        f'<table class="chart-table"><caption>{escape(title)}: the figures</caption>'
        f"<thead><tr><th scope='col'>Year</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
