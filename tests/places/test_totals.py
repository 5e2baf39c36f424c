"""Totals we compute against the totals DfE published.

DfE publishes England and regional totals from 2015-16. Each council's published figure is
rounded to the pound, so the sum of the council rows can differ from the published total by
up to half a pound per council; in the bundled data the largest difference is £4. Where a
published total exists we show it, never our sum; our sums are used only for 2010-11 to 2013-14,
when no total was published.
"""

from collections import defaultdict
from decimal import Decimal

import pytest

from campaign.places import facts_build
from campaign.places.facts import SPENDING_YEARS
from campaign.places.facts_build import council_facts

PUBLISHED_YEARS = SPENDING_YEARS[5:]  # 2015-16 to 2024-25


def _rows():
    return facts_build.spending_rows()


def _council_sums(rows, include=lambda row: True):
    sums, counts = defaultdict(Decimal), defaultdict(int)
    for row in rows:
        if row.level == "council" and row.gross_gbp is not None and include(row):
            sums[row.year] += row.gross_gbp
            counts[row.year] += 1
    return sums, counts


def test_sum_of_council_rows_matches_the_published_england_total_every_year(loaded):
    rows = _rows()
    sums, counts = _council_sums(rows)
    published = {r.year: r.gross_gbp for r in rows if r.level == "england"}
    assert sorted(published) == list(PUBLISHED_YEARS)
    for year in PUBLISHED_YEARS:
        assert abs(sums[year] - published[year]) <= Decimal("0.5") * counts[year], year
    assert sums["2024-25"] == published["2024-25"]
    assert sums["2015-16"] == Decimal("843954321")  # published: £843,954,320


@pytest.mark.parametrize(
    ("region", "number"),
    [
        ("North East", "980"),
        ("North West", "981"),
        ("Yorkshire and The Humber", "982"),
        ("East Midlands", "983"),
        ("West Midlands", "984"),
        ("East of England", "985"),
        ("London", "986"),
        ("South East", "989"),
        ("South West", "990"),
    ],
)
def test_sum_of_council_rows_matches_each_published_regional_total(loaded, region, number):
    rows = _rows()
    region_of = facts_build._region_of_la_numbers(rows)
    sums, counts = _council_sums(rows, lambda row: region_of.get(row.la_number) == region)
    published = {r.year: r.gross_gbp for r in rows if r.level == "region" and r.la_number == number}
    for year in PUBLISHED_YEARS:
        assert abs(sums[year] - published[year]) <= Decimal("0.5") * counts[year], (region, year)


def test_every_council_row_belongs_to_a_region_including_abolished_councils(loaded):
    rows = _rows()
    region_of = facts_build._region_of_la_numbers(rows)
    numbers = {r.la_number for r in rows if r.level == "council"}
    assert numbers <= set(region_of)
    assert region_of["909"] == "North West"  # Cumbria
    assert region_of["928"] == "East Midlands"  # Northamptonshire
    assert {region_of[n] for n in ("835", "836", "837")} == {"South West"}  # Dorset, Poole, B'mouth


def test_facts_use_the_published_england_total_where_one_exists_and_the_sum_elsewhere(loaded):
    spending = council_facts("E08000039").spending
    assert spending.england["2015-16"] == Decimal("843954320")
    assert spending.england["2024-25"] == Decimal("588374535")
    assert spending.england_summed_years == ("2010-11", "2011-12", "2012-13", "2013-14")
    sums, counts = _council_sums(_rows())
    assert all(counts[y] == 152 for y in spending.england_summed_years)
    for year in spending.england_summed_years:
        assert spending.england[year] == sums[year]
    assert spending.england["2010-11"] == Decimal("1397367181.13")
    assert spending.england["2014-15"] is None


def test_regional_comparison_uses_published_totals_and_sums_before_2015(loaded):
    spending = council_facts("E08000039").spending
    assert spending.region_name == "Yorkshire and The Humber"
    assert spending.region["2024-25"] == Decimal("65949949")
    assert spending.region_summed_years == ("2010-11", "2011-12", "2012-13", "2013-14")
