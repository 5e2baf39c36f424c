"""Council facts in words and rows a parent can read: no figure is made here, only worded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from campaign import charts
from campaign.places.facts import CouncilFacts, Indicator, Spending


def pounds(value: Decimal | None) -> str:
    """A figure in whole pounds as published: £24,659,176 (pence, where published, kept)."""
    if value is None:
        return "no figure"
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def percent(value: Decimal | None) -> str:
    if value is None:
        return "no figure"
    return f"{value.normalize():f}%" if value == value.quantize(Decimal("0.1")) else f"{value:.1f}%"


def headline(facts: CouncilFacts) -> str | None:
    """The spending change since 2010-11, in pounds and percent, in one sentence."""
    change = facts.spending.change_since_first_year
    if change is None:
        return None
    name = facts.council.name
    direction = "less" if change.amount < 0 else "more"
    return (
        f"{name} spent {charts.format_pounds(float(change.to_value))} on Sure Start children's "
        f"centres and early years in {change.to_year}, against "
        f"{charts.format_pounds(float(change.from_value))} in {change.from_year}: "
        f"{charts.format_pounds(float(abs(change.amount)))} ({abs(change.percent)}%) {direction}, "
        "in cash terms, before inflation."
    )


def gap_sentence(facts: CouncilFacts) -> str | None:
    early = facts.early_years
    year = early.gap_year
    if year is None:
        return None
    fsm = early.good_level_fsm.council[year]
    other = early.good_level_other.council[year]
    text = (
        f"In {year}, {percent(fsm)} of children on free school meals in {facts.council.name} "
        f"reached a good level of development by the end of reception (age five), against "
        f"{percent(other)} of other children: a gap of {early.gap_council:.1f} percentage points."
    )
    if early.gap_england is not None:
        text += f" Across England the gap was {early.gap_england:.1f} points."
    return text


def spending_chart(facts: CouncilFacts) -> Markup:
    s = facts.spending
    return charts.spending_chart(
        s.council,
        title=f"{facts.council.name}: spending on Sure Start children's centres and early years",
        series_label=facts.council.name,
        years=s.years,
        table=False,
    )


def comparison_chart(facts: CouncilFacts) -> Markup | None:
    """The council against England, each as a share of its 2010-11 spending (2010-11 = 100)."""
    s = facts.spending
    base = s.years[0]
    # Only a council with a figure for the first year can be compared from the start; a
    # council created since (say in 2023) would be indexed to a different year from England's.
    if s.council.get(base) is None or s.england.get(base) is None:
        return None
    return charts.spending_chart(
        charts.index_series(s.council, base),
        comparison=charts.index_series(s.england, base),
        title=f"{facts.council.name} and England compared ({base} = 100)",
        series_label=facts.council.name,
        comparison_label="England",
        years=s.years,
        unit="index",
        table=False,
    )


@dataclass(frozen=True)
class SpendingRow:
    year: str
    council: str
    region: str
    england: str
    change_note: str | None  # the definition change that starts this year
    summed: bool  # England's (or the region's) figure is our sum of the council returns


def spending_rows(s: Spending) -> list[SpendingRow]:
    changes = {c.year: n for n, c in enumerate(s.definition_changes, start=1)}
    return [
        SpendingRow(
            year=y,
            council=pounds(s.council[y]),
            region=pounds(s.region[y]),
            england=pounds(s.england[y]),
            change_note=f"definition change {changes[y]}" if y in changes else None,
            summed=y in s.england_summed_years or y in s.region_summed_years,
        )
        for y in s.years
    ]


@dataclass(frozen=True)
class OutcomeRow:
    year: str
    values: tuple[str, ...]
    missing: bool  # no figures at all this year (not collected)


def outcome_rows(*indicators: Indicator) -> list[OutcomeRow]:
    """Year by year, each indicator's council and England figures (the years of the first)."""
    rows = []
    for year in indicators[0].years:
        values = []
        for indicator in indicators:
            values += [percent(indicator.council.get(year)), percent(indicator.england.get(year))]
        missing = all(
            i.england.get(year) is None and i.council.get(year) is None for i in indicators
        )
        rows.append(OutcomeRow(year, tuple(values), missing))
    return rows


def latest(indicator: Indicator) -> dict[str, str] | None:
    year = indicator.latest_year
    if year is None:
        return None
    return {
        "year": year,
        "council": percent(indicator.council.get(year)),
        "region": percent(indicator.region.get(year)),
        "england": percent(indicator.england.get(year)),
    }


def council_page(facts: CouncilFacts) -> dict:
    """What the council page template shows, worded."""
    early = facts.early_years
    return {
        "headline": headline(facts),
        "gap": gap_sentence(facts),
        "chart": spending_chart(facts),
        "comparison_chart": comparison_chart(facts),
        "spending_rows": spending_rows(facts.spending),
        "outcome_rows": outcome_rows(early.good_level_fsm, early.good_level_other),
        "breastfeeding": latest(early.breastfeeding),
        "good_level_all": latest(early.good_level_all),
    }
