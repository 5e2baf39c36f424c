import re
import xml.etree.ElementTree as ET
from functools import partial

import pytest
from markupsafe import Markup

from campaign import charts
from campaign.charts import format_pounds, index_series
from campaign.places.sources import DEFINITION_CHANGES, FINANCIAL_YEARS

# The charts take their years and definition changes from the caller (charts import no feature
# package); these tests draw the spending series as the council page does.
spending_chart = partial(
    charts.spending_chart, years=FINANCIAL_YEARS, definition_changes=DEFINITION_CHANGES
)
describe = partial(charts.describe, years=FINANCIAL_YEARS)

SVG = "{http://www.w3.org/2000/svg}"

# Sheffield's published gross figures (DfE S251 outturn; 2014-15 has no source).
SHEFFIELD = {
    "2010-11": 24659176,
    "2011-12": 9751465.79,
    "2012-13": 13170522.01,
    "2013-14": 8359871,
    "2015-16": 4121713,
    "2016-17": 3154365,
    "2017-18": 3387891,
    "2018-19": 3882429,
    "2019-20": 4423855,
    "2020-21": 4946659,
    "2021-22": 5256131,
    "2022-23": 5214500,
    "2023-24": 4415784,
    "2024-25": 7973070,
}
ENGLAND = {"2015-16": 843954320, "2016-17": 774349200, "2024-25": 588374535}


def _svg_root(markup: str) -> ET.Element:
    svg = re.search(r"<svg.*?</svg>", str(markup), re.DOTALL).group(0)
    return ET.fromstring(svg)  # noqa: S314 (our own output, parsed to check it is well-formed)


def _bars(root):
    return [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]


def test_chart_returns_markup_with_one_bar_per_published_year_and_no_bar_for_the_gap():
    chart = spending_chart(SHEFFIELD, title="Sheffield spending")
    assert isinstance(chart, Markup)
    bars = _bars(_svg_root(chart))
    labels = [b.find(f"{SVG}title").text for b in bars]
    assert len(bars) == 14
    assert not any(label.startswith("2014-15") for label in labels)
    assert "2010-11: £24.7m" in labels


def test_missing_year_is_drawn_as_a_labelled_gap_and_never_interpolated():
    chart = str(spending_chart(SHEFFIELD, title="Sheffield spending"))
    assert "no figure" in chart
    assert 'stroke-dasharray="3 3"' in chart
    assert "No figure is published for 2014-15" in chart
    # An interpolated 2014-15 would be roughly halfway between 2013-14 and 2015-16.
    assert "£6.2m" not in chart


def test_definition_changes_are_marked_on_the_chart_and_explained_in_the_caption():
    chart = str(spending_chart(SHEFFIELD, title="Sheffield spending"))
    root = _svg_root(chart)
    dashed_markers = [
        line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray") == "5 3"
    ]
    assert len(dashed_markers) == 2
    assert "From 2012-13 the figure includes other early years spending" in chart
    assert "From 2015-16 the figure is" in chart
    assert "2015-16 (definition change 2)" in chart


def test_chart_has_accessible_title_description_and_table_alternative():
    chart = str(spending_chart(SHEFFIELD, title="Sheffield spending", series_label="Sheffield"))
    root = _svg_root(chart)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert "£24.7m in 2010-11" in desc.text and "£8.0m in 2024-25" in desc.text
    assert "No figure for 2014-15" in desc.text
    assert '<table class="chart-table">' in chart
    assert "<td>£4.1m</td>" in chart


def test_table_can_be_left_out_when_the_page_shows_its_own():
    assert "<table" not in str(spending_chart(SHEFFIELD, title="t", table=False))


def test_comparison_series_is_a_line_broken_where_it_has_no_figure():
    chart = spending_chart(
        index_series(SHEFFIELD, "2015-16"),
        comparison=index_series(ENGLAND, "2015-16"),
        comparison_label="England",
        unit="index",
        title="Indexed",
    )
    root = _svg_root(chart)
    polylines = list(root.iter(f"{SVG}polyline"))
    # 2015-16 and 2016-17 are joined; 2024-25 stands alone after the gap, so it is a dot only.
    assert len(polylines) == 1
    assert len(polylines[0].get("points").split()) == 2
    assert len(list(root.iter(f"{SVG}circle"))) >= 3
    assert "England" in str(chart)


def test_index_series_keeps_gaps_and_refuses_a_missing_base_year():
    indexed = index_series(SHEFFIELD | {"2014-15": None}, "2015-16")
    assert indexed["2015-16"] == pytest.approx(100)
    assert indexed["2014-15"] is None
    assert set(index_series(SHEFFIELD, "2014-15").values()) == {None}


@pytest.mark.parametrize("title", ["<script>alert(1)</script>", "Brighton & Hove"])
def test_labels_and_titles_are_escaped_so_the_svg_stays_well_formed(title):
    chart = spending_chart(SHEFFIELD, title=title, series_label=title)
    assert "<script>" not in str(chart)
    assert _svg_root(chart).find(f"{SVG}title").text == title


@pytest.mark.parametrize("series", [{}, {"2010-11": None}, {"2010-11": "n/a", "2011-12": ""}])
def test_a_council_with_no_figures_gets_an_empty_but_valid_chart(series):
    chart = spending_chart(series, title="New council")
    root = _svg_root(chart)
    assert _bars(root) == []
    assert "no figures are published" in root.find(f"{SVG}desc").text


def test_same_inputs_give_identical_markup_so_rendered_pdfs_can_be_cached():
    assert spending_chart(SHEFFIELD, title="a") == spending_chart(SHEFFIELD, title="a")
    assert spending_chart(SHEFFIELD, title="a") != spending_chart(SHEFFIELD, title="b")


def test_default_years_run_from_2010_11_to_2024_25():
    assert FINANCIAL_YEARS[0] == "2010-11" and FINANCIAL_YEARS[-1] == "2024-25"
    assert len(FINANCIAL_YEARS) == 15


@pytest.mark.parametrize(
    "value, text",
    [
        (24659176, "£24.7m"),
        (850_000, "£850k"),
        (640, "£640"),
        (1.2e9, "£1.20bn"),
        (None, "no figure"),
        (-2_000_000, "-£2.0m"),
    ],
)
def test_format_pounds_is_short_and_plain(value, text):
    assert format_pounds(value) == text


def test_describe_reports_the_change_across_definition_changes():
    text = describe(SHEFFIELD, series_label="Sheffield")
    assert text.startswith("Sheffield was £24.7m in 2010-11 and £8.0m in 2024-25 (down 68%")


def test_unknown_unit_is_rejected():
    with pytest.raises(ValueError):
        spending_chart(SHEFFIELD, title="t", unit="euros")
