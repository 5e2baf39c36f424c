"""Server-rendered SVG charts: they work in a browser without JavaScript and stay vector in
WeasyPrint PDFs. `spending_chart` draws spending over time with its gaps and definition changes;
`bar_chart` draws plain labelled counts."""

from campaign.charts.bars import bar_chart
from campaign.charts.spending import (
    describe,
    format_index,
    format_pounds,
    index_series,
    spending_chart,
)

__all__ = [
    "bar_chart",
    "describe",
    "format_index",
    "format_pounds",
    "index_series",
    "spending_chart",
]
