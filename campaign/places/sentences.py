"""The council facts in plain English: one wording of each fact, for the council page, its JSON
and the booklet. Small pure functions from facts (facts.py) to strings; no figure is made here,
only worded."""

from __future__ import annotations

from decimal import Decimal

from campaign.charts import format_pounds
from campaign.places.facts import Change, EarlyYears, FamilyHubs, Spending


def percent(value: Decimal | None) -> str:
    """A published percentage as published: 46.5%, 60% (never a made-up decimal place)."""
    if value is None:
        return "no figure"
    return f"{value.normalize():f}%" if value == value.quantize(Decimal("0.1")) else f"{value:.1f}%"


def spending_headline(name: str, change: Change | None) -> str | None:
    """The spending change from the first figure to the latest, in pounds and percent."""
    if change is None:
        return None
    direction = "less" if change.amount < 0 else "more"
    return (
        f"{name} spent {_short_pounds(change.to_value)} on Sure Start children's centres and "
        f"early years in {change.to_year}, against {_short_pounds(change.from_value)} in "
        f"{change.from_year}: {_short_pounds(abs(change.amount))} ({abs(change.percent)}%) "
        f"{direction}, in cash terms, before inflation."
    )


def only_spending_figure(name: str, spending: Spending) -> str | None:
    """For a council with a single published figure (so no change to state): that figure."""
    known = [(year, value) for year, value in spending.council.items() if value is not None]
    if len(known) != 1:
        return None
    ((year, value),) = known
    return f"{name} reported spending {_short_pounds(value)} in {year}."


def gap_sentence(name: str, early: EarlyYears) -> str | None:
    """The gap at age five between children on free school meals and the rest, in the latest
    year with both figures, and England's gap that year."""
    year = early.gap_year
    if year is None or early.gap_council is None:
        return None
    fsm = early.good_level_fsm.council[year]
    other = early.good_level_other.council[year]
    text = (
        f"In {year}, {percent(fsm)} of children on free school meals in {name} reached a good "
        f"level of development by the end of reception (age five), against {percent(other)} of "
        f"other children: a gap of {early.gap_council:.1f} percentage points."
    )
    if early.gap_england is not None:
        text += f" Across England the gap was {early.gap_england:.1f} points."
    return text


def family_hubs_sentence(name: str, hubs: FamilyHubs) -> str:
    """The council's place in the Family Hubs and Start for Life programme."""
    if hubs.trailblazer:
        return (
            f"{name} is one of the 14 trailblazers of the Family Hubs and Start for Life "
            "programme: among the first to open family hubs, with extra funding."
        )
    if hubs.in_programme:
        return (
            f"{name} is one of the 75 councils in the Family Hubs and Start for Life programme, "
            "which funds family hubs and the Start for Life offer for babies and their families."
        )
    if hubs.transformation_fund:
        return (
            f"{name} received money from the Family Hubs Transformation Fund to open family hubs."
        )
    return (
        f"{name} was not one of the 75 councils chosen for the Family Hubs and Start for Life "
        "programme in 2022, nor in its transformation fund."
    )


def _short_pounds(value: Decimal) -> str:
    return format_pounds(float(value))
