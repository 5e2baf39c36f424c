"""What the booklet says: a council's facts turned into plain sentences, tables and a chart.

`BookletInputs` holds the facts the booklet needs, in plain values and the shared sentences (see
facts_adapter.py for how they come from the council page's CouncilFacts). `build_content` turns
them, the advocate's name and the petition into the view the templates print. Figures are only ever
formatted here, never estimated: a missing figure says "no figure published".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from campaign.booklets.sources import SourceList
from campaign.charts import PRINT, format_pounds, spending_chart
from campaign.core.plurals import count, verb
from campaign.places.facts import NearbyPlace
from campaign.places.sentences import as_of, join_words
from campaign.places.sources import DEFINITION_CHANGES, FINANCIAL_YEARS


@dataclass(frozen=True)
class CitedCount:
    """A national count of centres, citing its source by a key of `BookletInputs.sources`."""

    as_of: str
    measure: str
    value: int
    unit: str
    source: str


@dataclass(frozen=True)
class LatestFigure:
    """An early-years measure's latest council figure, with England's that year."""

    measure: str
    year: str
    council: float | None
    england: float | None
    unit: str = "%"


@dataclass(frozen=True)
class MPRow:
    constituency: str
    mp: str | None  # None while the seat is vacant
    party: str | None
    share: str = ""  # of the council's postcodes, worded ("45%")


@dataclass(frozen=True)
class BookletInputs:
    council_name: str
    council_code: str
    spending: Mapping[str, float | None]
    england_spending: Mapping[str, float | None]
    open_places: Mapping[str, int]  # kind ("children's centre", "family hub", ...) -> count
    closed_centres: int | None  # None when no closure data has been imported for the council
    headline: str | None  # the spending change (sentences.py)
    family_hubs: str  # the council's place in the programme, with the source's notes
    places: Sequence[NearbyPlace]
    places_are_nearest: bool
    outcomes: Sequence[LatestFigure]
    gap_sentence: str | None
    national: Sequence[CitedCount]
    sources: Mapping[str, tuple[str, str | None]]  # key -> (text, url)
    data_version: str = ""
    # For a council created by a reorganisation: the councils it replaced, and its first
    # financial year (before which it has no figures of its own, rather than missing ones).
    predecessors: tuple[str, ...] = ()
    first_year: str = FINANCIAL_YEARS[0]
    # The page's sentences (places/sentences.py): how to read the spending figures (a council
    # created since 2010, a reported £0), what is open, and what is known of closures.
    spending_notes: tuple[str, ...] = ()
    open_places_text: str = ""
    closures_text: str = ""
    # The MPs whose constituencies cover the council, largest share first; the MP for the
    # postcode the person gave, if any; and the date of the MP list.
    mps: Sequence[MPRow] = ()
    own_mp: MPRow | None = None
    mps_list_date: str | None = None


@dataclass(frozen=True)
class PetitionInfo:
    slug: str
    title: str
    url: str
    qr: Markup
    local_count: int  # already bucketed: "at least" this many
    total_count: int


@dataclass
class BookletContent:
    title: str
    author: str
    description: str
    advocate: str
    council: dict
    national: dict
    petition: dict | None
    letter_facts: list[str]
    sources: SourceList
    data_version: str = ""
    extras: dict = field(default_factory=dict)


def build_content(inputs: BookletInputs, advocate: str, petition: PetitionInfo | None):
    name = inputs.council_name
    return BookletContent(
        title=f"Defend your local services: {name}",
        author=advocate or "Best Start",
        description=(
            f"Children's centres, family hubs and early-years spending in {name}, with the "
            "council's duties and what local people can do."
        ),
        advocate=advocate,
        council=_council(inputs),
        national=_national(inputs),
        petition=_petition(petition, name),
        letter_facts=_letter_facts(inputs),
        sources=SourceList(dict(inputs.sources)),
        data_version=inputs.data_version,
    )


def _first_and_last(series: Mapping[str, float | None]):
    present = [(y, series.get(y)) for y in FINANCIAL_YEARS if series.get(y) is not None]
    if not present:
        return None, None
    return present[0], present[-1]


def _definition_of(year: str) -> str:
    if year < DEFINITION_CHANGES[0][0]:
        return "Children's centres"
    if year < DEFINITION_CHANGES[1][0]:
        return "Children's centres and other early years"
    return "Children's centres and other spending on under-fives"


def _spending_row(inputs: BookletInputs, year: str) -> dict:
    value = inputs.spending.get(year)
    if value is not None:
        amount, covers = format_pounds(value), _definition_of(year)
    else:
        amount, covers = "no figure published", "No figure found in any published source"
    return {"year": year, "amount": amount, "covers": covers}


def _council(inputs: BookletInputs) -> dict:
    name = inputs.council_name
    years = [y for y in FINANCIAL_YEARS if y >= inputs.first_year]
    rows = [_spending_row(inputs, year) for year in years]
    if years[0] != FINANCIAL_YEARS[0]:
        before = FINANCIAL_YEARS[FINANCIAL_YEARS.index(years[0]) - 1]
        rows.insert(
            0,
            {
                "year": f"{FINANCIAL_YEARS[0]} to {before}",
                "amount": "not yet a council",
                "covers": f"{join_words(inputs.predecessors)} ran these services and reported "
                "its own figures",
            },
        )
    chart = spending_chart(
        inputs.spending,
        title=f"{name}: gross spending on Sure Start children's centres and early years, "
        f"{years[0]} to {years[-1]}",
        series_label=name,
        years=years,
        definition_changes=DEFINITION_CHANGES,
        table=False,
        sizes=(PRINT,),
    )
    return {
        "name": name,
        "gss": inputs.council_code,
        "headline": inputs.headline,
        "spending_notes": list(inputs.spending_notes),
        "chart": chart,
        "spending_rows": rows,
        "places_summary": _places_summary(inputs),
        "family_hubs": inputs.family_hubs,
        "places": [
            {
                "name": p.name,
                "kind": p.kind,
                "postcode": p.postcode,
                "distance": "" if p.distance_km is None else f"{p.distance_km:.1f} km",
            }
            for p in inputs.places
        ],
        "places_caption": "The nearest children's centres and family hubs"
        if inputs.places_are_nearest
        else f"Open children's centres and family hubs in {name}",
        "places_have_distance": inputs.places_are_nearest,
        "outcomes": [
            {
                "measure": o.measure,
                "year": o.year,
                "council": _percent(o.council, o.unit),
                "england": _percent(o.england, o.unit),
            }
            for o in inputs.outcomes
        ],
        "outcomes_gap": inputs.gap_sentence,
        "mps": inputs.mps,
        "own_mp": inputs.own_mp,
        "mps_list_date": inputs.mps_list_date,
    }


def _percent(value: float | None, unit: str) -> str:
    if value is None:
        return "no figure"
    return f"{value:.1f}{unit}"


def _places_summary(inputs: BookletInputs) -> list[dict]:
    closures_source = "closures" if inputs.closed_centres is not None else None
    return [
        {"text": inputs.open_places_text, "source": "centres"},
        {"text": inputs.closures_text, "source": closures_source},
    ]


def _national(inputs: BookletInputs) -> dict:
    rows = [
        {
            "as_of": as_of(f.as_of),
            "measure": f.measure[:1].upper() + f.measure[1:],
            "value": f"{f.value:,}",
            "source": f.source,
            "closures": "closed" in f.measure,
        }
        for f in inputs.national
    ]
    first, last = _first_and_last(inputs.england_spending)
    spending = None
    if first and last and first[0] != last[0] and first[1]:
        change = (last[1] - first[1]) / first[1] * 100
        spending = {
            "first": format_pounds(first[1]),
            "first_year": first[0],
            "last": format_pounds(last[1]),
            "last_year": last[0],
            "change": f"{'down' if change < 0 else 'up'} {abs(change):.0f}%",
            "first_covers": _definition_of(first[0]).lower(),
            "last_covers": _definition_of(last[0]).lower(),
        }
    by_measure = {f.measure: f for f in inputs.national}
    official = by_measure.get("children's centres closed since April 2010")
    estimate = by_measure.get("estimated children's centres closed since 2009 (upper estimate)")
    return {
        "centres": [row for row in rows if not row["closures"]],
        "closures": [row for row in rows if row["closures"]],
        "spending": spending,
        "official_closures": f"{official.value:,}" if official else None,
        "official_source": official.source if official else None,
        "estimated_closures": f"{estimate.value:,}" if estimate else None,
        "estimated_source": estimate.source if estimate else None,
    }


def _petition(petition: PetitionInfo | None, council_name: str) -> dict | None:
    if petition is None:
        return None
    local = petition.local_count
    if local == 0:
        local_text = f"Be the first in {council_name} to sign."
    elif local < 20:
        people = count(local, "person")
        local_text = f"{people} in {council_name} {verb(local, 'has', 'have')} signed."
    else:
        # A booklet is kept and printed: "at least" stays true as more people sign.
        local_text = f"At least {count(local, 'person')} in {council_name} have signed."
    return {
        "title": petition.title,
        "url": petition.url,
        "qr": petition.qr,
        "local_count": local_text,
        "total_count": (
            f"At least {count(petition.total_count, 'person')} "
            f"{verb(petition.total_count, 'has', 'have')} signed in all."
        )
        if petition.total_count
        else "",
    }


def _letter_facts(inputs: BookletInputs) -> list[str]:
    facts = []
    headline = inputs.headline
    if headline:
        facts.append(headline.replace(f"{inputs.council_name} spent", "The council spent", 1))
    if sum(inputs.open_places.values()):
        facts.append(inputs.open_places_text)
    if inputs.gap_sentence:
        facts.append(inputs.gap_sentence)
    return facts
