"""The council facts in plain English: one wording of each fact, for the council page, its JSON
and the booklet. Small pure functions from facts (facts.py) to strings; no figure is made here,
only worded."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from campaign.charts import format_pounds
from campaign.core.plurals import count
from campaign.places import councils, ro3
from campaign.places.councils import Predecessor
from campaign.places.facts import (
    Centres,
    Change,
    CouncilFacts,
    EarlyYears,
    FamilyHubs,
    NationalCount,
    Spending,
)
from campaign.places.ro3 import Ro3Figure

MONTHS = (
    "January February March April May June July August September October November December"
).split()
# The Government's own count of closures, from councils' returns (a parliamentary answer).
OFFICIAL_CLOSURES = "children's centres closed since April 2010"


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


def as_of(date: str) -> str:
    """When a national count was taken, in words: "2009-08" is August 2009 (not a financial
    year), "2011-09-08" is 8 September 2011, "2018" stays 2018."""
    parts = date.split("-")
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def open_places(name: str, centres: Centres) -> str:
    """What DfE lists as open, each kind counted in its own words."""
    parts = [
        count(centres.open_centres, "children's centre", "children's centres"),
        count(centres.open_linked_sites, "linked site"),
        count(centres.family_hub_sites, "family hub site"),
    ]
    return f"DfE lists {join_words(parts)} as open in {name}."


def closures(name: str, centres: Centres, national: Sequence[NationalCount]) -> str:
    """How many centres have closed: the register where it is known, else the national count."""
    if centres.register_closed is not None and centres.register_open is not None:
        return (
            f"DfE's register of children's centres records "
            f"{count(centres.register_closed, 'centre')} in {name} as closed and "
            f"{count(centres.register_open, 'centre')} as open."
        )
    text = f"No count of the children's centres that have closed in {name} is published."
    official = next((n for n in national if n.measure == OFFICIAL_CLOSURES), None)
    if official is not None:
        text += (
            f" Across England, the Government told Parliament that {official.value:,} centres "
            "closed between April 2010 and March 2019."
        )
    return text


def reported_zero(name: str, spending: Spending, cross_check: Sequence[Ro3Figure]) -> str | None:
    """A council that entered £0 on the spending line: what that means, and what its other
    spending return (RO3) shows for those years."""
    zero_years = [y for y in spending.years if spending.council.get(y) == 0]
    if not zero_years:
        return None
    text = (
        f"{name} reported £0 on this line for {_years_span(zero_years)}. That is the figure the "
        "council gave the Department for Education, shown as published. It does not have to "
        "mean nothing was spent: a council can record the same services under another line."
    )
    during = [f for f in cross_check if f.year in zero_years]
    if during:
        spent = join_words([f"{_short_pounds(f.gross)} in {f.year}" for f in during])
        text += (
            f" In its separate spending return to the Ministry of Housing, Communities and Local "
            f"Government (RO3), {name} reported spending {spent} on Sure Start children's "
            "centres and early years."
        )
    return text


def new_council(
    name: str,
    predecessors: Sequence[Predecessor],
    spending: Spending,
    cross_check: Sequence[Ro3Figure],
) -> str | None:
    """A council created since 2010 (Cumbria's two successors, in 2023): why its figures start
    late, and what the old council and the other return (RO3) show around the change."""
    if not predecessors:
        return None
    created = max(p.ended for p in predecessors)
    old = join_words([p.name for p in predecessors])
    text = f"{name} was created on {as_of(created)}, when {old} was abolished."
    known = [y for y in spending.years if spending.council.get(y) is not None]
    if known and known[0] > financial_year(created):
        text += (
            f" The Department for Education publishes figures for {name} from {known[0]}. "
            f"Before that, {old} ran children's centres over a wider area and reported for all "
            f"of it, so the earlier years have no figure for {name}."
        )
    if cross_check:
        shown = join_words(
            [f"{f.council_name} {_short_pounds(f.gross)} in {f.year}" for f in cross_check]
        )
        text += (
            " In the separate spending return to the Ministry of Housing, Communities and Local "
            f"Government (RO3), on Sure Start children's centres and early years: {shown}."
        )
    return text


def spending_notes(facts: CouncilFacts) -> list[str]:
    """What a parent needs to know to read this council's spending figures, for the page and
    the booklet: a council created since 2010, and a reported £0, each with the RO3 cross-check."""
    code, name = facts.council.code, facts.council.name
    replaced = councils.predecessors(code)
    notes = [
        new_council(
            name, replaced, facts.spending, ro3.figures_for(code, *(p.code for p in replaced))
        ),
        reported_zero(name, facts.spending, ro3.figures_for(code)),
    ]
    return [note for note in notes if note]


def years_since_created(code: str, spending: Spending) -> tuple[str, ...]:
    """The years to chart: from a new council's first year when it has no figures before then
    (its predecessor reported for a wider area), else every year."""
    replaced = councils.predecessors(code)
    if not replaced:
        return spending.years
    first = financial_year(max(p.ended for p in replaced))
    if any(v is not None for y, v in spending.council.items() if y < first):
        return spending.years  # DfE carried the old council's figures on (North Yorkshire)
    return tuple(y for y in spending.years if y >= first)


def financial_year(day: str) -> str:
    """The financial year (April to March) a date falls in: "2023-04-01" is 2023-24."""
    year, month = int(day[:4]), int(day[5:7])
    start = year if month >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _years_span(years: Sequence[str]) -> str:
    """A run of years as "2019-20 to 2023-24"; otherwise each listed."""
    starts = [int(y[:4]) for y in years]
    if len(years) > 2 and starts == list(range(starts[0], starts[0] + len(starts))):
        return f"{years[0]} to {years[-1]}"
    return join_words(list(years))


def join_words(items: Sequence[str]) -> str:
    """A list in words: "a, b and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _short_pounds(value: Decimal) -> str:
    return format_pounds(float(value))
