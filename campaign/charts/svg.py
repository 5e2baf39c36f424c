"""Shared pieces of the server-rendered SVG charts: colours, layout, axes and number handling."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_FONT = "Lato, 'Helvetica Neue', Arial, sans-serif"
BAR_COLOUR = "#1d5c8c"
COMPARISON_COLOUR = "#c2410c"
INK = "#1f2933"
MUTED = "#52606d"
GRID = "#d9dee3"

Series = Mapping[str, object] | Iterable[tuple[str, object]]


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    left: int = 64
    right: int = 12
    top: int = 34
    bottom: int = 22

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> float:
        return self.height - self.top - self.bottom


def normalise(series: Series | None) -> dict[str, float | None]:
    if series is None:
        return {}
    items = series.items() if isinstance(series, Mapping) else series
    out: dict[str, float | None] = {}
    for year, value in items:
        out[str(year)] = number(value)
    return out


def number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
    else:
        try:
            number = float(str(value))
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def stable_id(title, main, other, years) -> str:
    # Deterministic, so the same inputs give byte-identical markup (and cacheable PDFs).
    digest = hashlib.sha256(
        repr((title, sorted(main.items()), other and sorted(other.items()), years)).encode()
    ).hexdigest()
    return f"chart-{digest[:10]}"


def nice_step(span: float, target_ticks: int = 4) -> float:
    raw = span / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def axis(values: Iterable[float]) -> tuple[float, float, float]:
    values = list(values)
    low = min([0.0, *values])
    high = max([0.0, *values])
    if high == low:
        high = low + 1
    step = nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step
