"""Council facts in rows and charts a parent can read (the sentences are in sentences.py): no
figure is made here, only worded."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup

from campaign import charts
from campaign.places.facts import CouncilFacts, Indicator, Spending
from campaign.places.sentences import family_hubs_sentence, gap_sentence, percent, spending_headline


def pounds(value: Decimal | None) -> str:
    """A figure in whole pounds as published: £24,659,176 (pence, where published, kept)."""
    if value is None:
        return "no figure"
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def spending_chart(facts: CouncilFacts) -> Markup:
    s = facts.spending
    return charts.spending_chart(
        s.council,
        title=f"{facts.council.name}: spending on Sure Start children's centres and early years",
        series_label=facts.council.name,
        years=s.years,
        definition_changes=_changes(s),
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
        definition_changes=_changes(s),
        unit="index",
        table=False,
    )


def _changes(s: Spending) -> tuple[tuple[str, str], ...]:
    return tuple((c.year, c.note) for c in s.definition_changes)


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
        "headline": spending_headline(facts.council.name, facts.spending.change_since_first_year),
        "gap": gap_sentence(facts.council.name, early),
        "family_hubs": family_hubs_sentence(facts.council.name, facts.family_hubs),
        "chart": spending_chart(facts),
        "comparison_chart": comparison_chart(facts),
        "spending_rows": spending_rows(facts.spending),
        "outcome_rows": outcome_rows(early.good_level_fsm, early.good_level_other),
        "breastfeeding": latest(early.breastfeeding),
        "good_level_all": latest(early.good_level_all),
    }
