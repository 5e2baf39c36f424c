"""Sentences a parent reads about figures that need explaining: dates of national counts, what is
open, closures, a reported £0 and a council created in 2023 (with the RO3 cross-check)."""

from decimal import Decimal

import pytest

from campaign.places import sentences
from campaign.places.councils import Predecessor
from campaign.places.facts import Centres, NationalCount, Spending
from campaign.places.ro3 import Ro3Figure
from campaign.places.sources import FINANCIAL_YEARS, REGISTER_SOURCE, SPENDING_SOURCE

CUMBRIA = Predecessor("E10000006", "Cumbria County Council", "2023-04-01")


def _spending(values: dict[str, str | None]) -> Spending:
    council = {
        y: (Decimal(values[y]) if values.get(y) is not None else None) for y in FINANCIAL_YEARS
    }
    return Spending(
        FINANCIAL_YEARS,
        council,
        dict(council),
        dict(council),
        "London",
        (),
        (),
        ("2014-15",),
        "",
        (),
        None,
        SPENDING_SOURCE,
    )


def _centres(open_centres=1, linked=28, hubs=7, register_open=None, register_closed=None):
    return Centres(open_centres, linked, hubs, register_open, register_closed, (), REGISTER_SOURCE)


@pytest.mark.parametrize(
    ("as_of", "words"),
    [("2009-08", "August 2009"), ("2011-09-08", "8 September 2011"), ("2018", "2018")],
)
def test_a_national_count_is_dated_in_words_not_like_a_financial_year(as_of, words):
    assert sentences.as_of(as_of) == words


def test_what_is_open_counts_each_kind_in_its_own_words():
    assert sentences.open_places("Sheffield", _centres()) == (
        "DfE lists 1 children's centre, 28 linked sites and 7 family hub sites as open in "
        "Sheffield."
    )
    assert "1 linked site and 1 family hub site" in sentences.open_places("X", _centres(2, 1, 1))


def test_closures_say_what_is_known_in_public_words():
    national = [
        NationalCount("2019-03-12", "children's centres closed since April 2010", 585, "", "")
    ]
    unknown = sentences.closures("Sheffield", _centres(), national)
    assert unknown == (
        "No count of the children's centres that have closed in Sheffield is published. Across "
        "England, the Government told Parliament that 585 centres closed between April 2010 and "
        "March 2019."
    )
    known = sentences.closures("Sheffield", _centres(register_open=1, register_closed=3), national)
    assert known == (
        "DfE's register of children's centres records 3 centres in Sheffield as closed and "
        "1 centre as open."
    )


def test_a_reported_zero_is_explained_with_the_ro3_figure_for_the_same_years():
    zeros = {y: "0" for y in ("2019-20", "2020-21", "2021-22", "2022-23", "2023-24")}
    spending = _spending({"2010-11": "6449382", **zeros, "2024-25": "1625943"})
    cross_check = [Ro3Figure("2022-23", "Westminster", Decimal("981000"), Decimal("678000"))]
    text = sentences.reported_zero("Westminster", spending, cross_check)
    assert text.startswith("Westminster reported £0 on this line for 2019-20 to 2023-24.")
    assert "does not have to mean nothing was spent" in text
    assert "(RO3), Westminster reported spending £981k in 2022-23" in text
    assert sentences.reported_zero("Sheffield", _spending({"2010-11": "5"}), []) is None


def test_a_council_created_in_2023_is_explained_with_its_predecessor_and_ro3():
    spending = _spending({"2024-25": "2162510"})
    cross_check = [
        Ro3Figure("2022-23", "Cumbria", Decimal("6667000"), Decimal("6648000")),
        Ro3Figure("2024-25", "Westmorland and Furness", Decimal("2055000"), Decimal("1793000")),
    ]
    text = sentences.new_council("Westmorland and Furness", [CUMBRIA], spending, cross_check)
    assert text.startswith(
        "Westmorland and Furness was created on 1 April 2023, when Cumbria County Council was "
        "abolished. The Department for Education publishes figures for Westmorland and Furness "
        "from 2024-25."
    )
    assert "Cumbria £6.7m in 2022-23 and Westmorland and Furness £2.1m in 2024-25" in text
    assert sentences.new_council("Sheffield", [], spending, []) is None


def test_a_new_councils_chart_starts_in_its_first_year(loaded):
    from campaign.places.facts_build import council_facts

    facts = council_facts("E06000064")
    assert sentences.years_since_created("E06000064", facts.spending) == ("2023-24", "2024-25")
    sheffield = council_facts("E08000039").spending
    assert sentences.years_since_created("E08000039", sheffield) == sheffield.years


def test_the_real_westminster_and_westmorland_figures_get_their_notes(loaded):
    from campaign.places.facts_build import council_facts

    (westminster,) = sentences.spending_notes(council_facts("E09000033"))
    assert "reported £0 on this line for 2019-20 to 2023-24" in westminster
    assert "£981k in 2022-23" in westminster
    (new,) = sentences.spending_notes(council_facts("E06000064"))
    assert "created on 1 April 2023" in new and "Cumbria £6.7m in 2022-23" in new
