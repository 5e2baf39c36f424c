"""The one wording of each council fact, shared by the council page and the booklet."""

from decimal import Decimal

import pytest

from campaign.places import sentences
from campaign.places.facts import Change, EarlyYears, FamilyHubs, Indicator, Spending
from campaign.places.sources import FAMILY_HUBS_SOURCE, LAIT_SOURCE, SPENDING_SOURCE


def _change(first: str, last: str) -> Change:
    from_value, to_value = Decimal(first), Decimal(last)
    amount = to_value - from_value
    percent = (amount / from_value * 100).quantize(Decimal("0.1"))
    return Change("2010-11", from_value, "2024-25", to_value, amount, percent, True)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (
            "24659176",
            "7973070",
            "Sheffield spent £8.0m on Sure Start children's centres and early years in 2024-25, "
            "against £24.7m in 2010-11: £16.7m (67.7%) less, in cash terms, before inflation.",
        ),
        (
            "4000000",
            "5000000",
            "Sheffield spent £5.0m on Sure Start children's centres and early years in 2024-25, "
            "against £4.0m in 2010-11: £1.0m (25.0%) more, in cash terms, before inflation.",
        ),
        (
            "850000",
            "850000",
            "Sheffield spent £850k on Sure Start children's centres and early years in 2024-25, "
            "against £850k in 2010-11: £0 (0.0%) more, in cash terms, before inflation.",
        ),
        (
            "640",
            "0",
            "Sheffield spent £0 on Sure Start children's centres and early years in 2024-25, "
            "against £640 in 2010-11: £640 (100.0%) less, in cash terms, before inflation.",
        ),
    ],
    ids=["a fall", "a rise", "no change", "a reported zero at the end"],
)
def test_spending_headline_states_both_figures_the_change_and_that_it_is_cash(
    first, last, expected
):
    assert sentences.spending_headline("Sheffield", _change(first, last)) == expected


def test_no_headline_without_a_change_to_state():
    assert sentences.spending_headline("Sheffield", None) is None


def _spending(council: dict[str, str | None]) -> Spending:
    years = tuple(council)
    series = {y: None if v is None else Decimal(v) for y, v in council.items()}
    return Spending(
        years=years,
        council=series,
        england=dict.fromkeys(years),
        region=dict.fromkeys(years),
        region_name="Yorkshire and The Humber",
        england_summed_years=(),
        region_summed_years=(),
        missing_years=(),
        missing_note="",
        definition_changes=(),
        change_since_first_year=None,
        source=SPENDING_SOURCE,
    )


@pytest.mark.parametrize(
    ("series", "expected"),
    [
        ({"2023-24": None, "2024-25": "1250000"}, "Cumberland reported spending £1.2m in 2024-25."),
        ({"2023-24": None, "2024-25": "0"}, "Cumberland reported spending £0 in 2024-25."),
        ({"2023-24": None, "2024-25": None}, None),
        ({"2023-24": "10", "2024-25": "20"}, None),
    ],
    ids=["one figure", "a reported zero", "no figures", "two figures (the headline's case)"],
)
def test_a_single_published_figure_is_stated_on_its_own(series, expected):
    assert sentences.only_spending_figure("Cumberland", _spending(series)) == expected


def _indicator(key: str, council: dict, england: dict) -> Indicator:
    years = tuple(sorted(council))
    as_decimals = {y: None if v is None else Decimal(v) for y, v in council.items()}
    return Indicator(
        key=key,
        label=key,
        unit="%",
        years=years,
        council=as_decimals,
        region=dict.fromkeys(years),
        england={y: None if v is None else Decimal(v) for y, v in england.items()},
        latest_year=years[-1],
        break_note=None,
        break_after=None,
        source=LAIT_SOURCE,
    )


def _early(fsm: str, other: str, gap_england: str | None, year: str | None = "2025"):
    gap = None if year is None else Decimal(other) - Decimal(fsm)
    return EarlyYears(
        good_level_fsm=_indicator("FSP_Gooddev_FSM", {"2025": fsm}, {"2025": "51.3"}),
        good_level_other=_indicator("FSP_Gooddev_FSM_Other", {"2025": other}, {"2025": "72.5"}),
        good_level_all=_indicator("FSP_NEW_GOODDEV", {"2025": "67.4"}, {"2025": "68.3"}),
        breastfeeding=_indicator("6wksBreast", {"2025": "50.0"}, {"2025": "52.7"}),
        gap_year=year,
        gap_council=gap,
        gap_england=None if gap_england is None else Decimal(gap_england),
    )


@pytest.mark.parametrize(
    ("early", "expected"),
    [
        (
            _early("46.5", "73.8", "21.2"),
            "In 2025, 46.5% of children on free school meals in Sheffield reached a good level of "
            "development by the end of reception (age five), against 73.8% of other children: a "
            "gap of 27.3 percentage points. Across England the gap was 21.2 points.",
        ),
        (
            _early("56", "71.4", None),
            "In 2025, 56% of children on free school meals in Sheffield reached a good level of "
            "development by the end of reception (age five), against 71.4% of other children: a "
            "gap of 15.4 percentage points.",
        ),
        (
            _early("60.0", "60.0", "21.2"),
            "In 2025, 60% of children on free school meals in Sheffield reached a good level of "
            "development by the end of reception (age five), against 60% of other children: a "
            "gap of 0.0 percentage points. Across England the gap was 21.2 points.",
        ),
        (_early("46.5", "73.8", "21.2", year=None), None),
    ],
    ids=["a gap, with England's", "no England figure", "no gap", "no year with both figures"],
)
def test_gap_sentence_gives_both_figures_the_gap_and_englands(early, expected):
    assert sentences.gap_sentence("Sheffield", early) == expected


def _hubs(**flags: bool) -> FamilyHubs:
    base = {"in_programme": False, "trailblazer": False, "transformation_fund": False}
    return FamilyHubs(**(base | flags), note="", national_note="", source=FAMILY_HUBS_SOURCE)


@pytest.mark.parametrize(
    ("hubs", "starts"),
    [
        (_hubs(in_programme=True, trailblazer=True), "Leeds is one of the 14 trailblazers"),
        (_hubs(in_programme=True), "Leeds is one of the 75 councils in the Family Hubs"),
        (_hubs(transformation_fund=True), "Leeds received money from the Family Hubs Transf"),
        (_hubs(), "Leeds was not one of the 75 councils chosen"),
    ],
    ids=["trailblazer", "in the programme", "transformation fund", "neither"],
)
def test_family_hubs_sentence_names_the_councils_place_in_the_programme(hubs, starts):
    text = sentences.family_hubs_sentence("Leeds", hubs)
    assert text.startswith(starts) and text.endswith(".")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("46.5"), "46.5%"), (Decimal("56"), "56%"), (Decimal("0"), "0%"), (None, "no figure")],
)
def test_percent_keeps_the_published_precision(value, expected):
    assert sentences.percent(value) == expected
