"""The council page's CouncilFacts, read for the booklet. No figures are made here: this only
picks what the booklet prints and words the few sentences that depend on the data."""

from __future__ import annotations

import threading
from collections import OrderedDict

from campaign.booklets.content import BookletInputs, NationalFigure, Outcome, Place
from campaign.places.facts import CouncilFacts, Indicator, Source, council_facts

MAX_PLACES = 6


def council_name(code: str) -> str | None:
    """The name of the English council with this code, without loading its facts."""
    from campaign.places import councils

    council = councils.council(code or "")
    if council is None or council.nation != "england":
        return None
    return council.name


def data_version() -> str:
    """Changes whenever any figure a booklet prints could change (a few small queries)."""
    from campaign.places import facts_build

    return facts_build.data_version()


_recent: OrderedDict[tuple, BookletInputs] = OrderedDict()
_recent_lock = threading.Lock()
KEEP_RECENT = 64


def inputs_for(
    code: str, coordinates: tuple[int, int] | None = None, version: str | None = None
) -> BookletInputs | None:
    """The booklet's inputs for a council. Given the data version, recent ones are re-used:
    a council's facts take a dozen queries, and the same council is often asked for again."""
    if version is None:
        return _load(code, coordinates)
    key = (code, coordinates, version)
    with _recent_lock:
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key]
    inputs = _load(code, coordinates)
    if inputs is not None:
        with _recent_lock:
            _recent[key] = inputs
            while len(_recent) > KEEP_RECENT:
                _recent.popitem(last=False)
    return inputs


def _load(code: str, coordinates: tuple[int, int] | None) -> BookletInputs | None:
    easting, northing = coordinates or (None, None)
    facts = council_facts(code, easting=easting, northing=northing, nearest=MAX_PLACES)
    if facts is None:
        return None
    return from_facts(facts, nearest=coordinates is not None)


def from_facts(facts: CouncilFacts, nearest: bool = False) -> BookletInputs:
    name = facts.council.name
    spending, centres = facts.spending, facts.centres
    sources = {
        "spending": _source_text(spending.source),
        "england_spending": (_england_source(spending), None),
        "centres": _source_text(centres.source),
        "closures": _source_text(centres.source),
        "family_hubs": _source_text(facts.family_hubs.source),
        "outcomes": _source_text(facts.early_years.good_level_fsm.source),
    }
    national = []
    keys_by_text: dict[str, str] = {}
    for figure in facts.national:
        # Many figures share one parliamentary answer: cite it once, by the same number.
        key = keys_by_text.setdefault(figure.source, f"national-{len(keys_by_text) + 1}")
        sources[key] = (figure.source, None)
        national.append(
            NationalFigure(figure.as_of, figure.measure, figure.value, figure.unit, key)
        )
    closed = None
    if centres.register_closed is not None or centres.closed:
        closed = len(centres.closed)
    return BookletInputs(
        council_name=name,
        council_code=facts.council.code,
        spending=dict(spending.council),
        england_spending=dict(spending.england),
        open_places={
            "children's centre": centres.open_centres,
            "children's centre linked site": centres.open_linked_sites,
            "family hub site": centres.family_hub_sites,
        },
        closed_centres=closed,
        family_hubs=_family_hubs_sentence(facts),
        places=[
            Place(p.name, p.kind, p.postcode, p.distance_km) for p in facts.nearest[:MAX_PLACES]
        ]
        if nearest
        else [],
        places_are_nearest=nearest,
        outcomes=_outcomes(facts),
        gap_sentence=_gap_sentence(facts),
        national=national,
        sources=sources,
        data_version=facts.data_version,
        **_reorganisation(facts.council.code, spending.council),
    )


def _reorganisation(code: str, series) -> dict:
    """Names and first financial year for a council that replaced others (e.g. in 2023), when
    its figures start then. (Where DfE carries the old council's figures on under the same
    council number, as for North Yorkshire, the series is shown whole.)"""
    from campaign.places import councils

    replaced = councils.predecessors(code)
    if not replaced:
        return {}
    ended = max(p.ended for p in replaced)  # "2023-04-01": the new council's first day
    year, month = int(ended[:4]), int(ended[5:7])
    start = year if month >= 4 else year - 1
    first_year = f"{start}-{(start + 1) % 100:02d}"
    if any(value is not None for y, value in series.items() if y < first_year):
        return {}
    return {
        "predecessors": tuple(p.name for p in replaced),
        "first_year": first_year,
    }


def _england_source(spending) -> str:
    text = f"{spending.source.name}, England totals"
    if spending.england_summed_years:
        years = spending.england_summed_years
        text += (
            f": for {years[0]} to {years[-1]} the sum of all councils' returns, as no England "
            "total was published; for later years the published England total"
        )
    return f"{text} ({spending.source.licence})."


def _source_text(source: Source) -> tuple[str, str | None]:
    return (f"{source.name}: {source.detail} ({source.licence}).", None)


def _family_hubs_sentence(facts: CouncilFacts) -> str:
    hubs, name = facts.family_hubs, facts.council.name
    if hubs.trailblazer:
        text = (
            f"{name} is one of the 14 trailblazers of the Family Hubs and Start for Life programme."
        )
    elif hubs.in_programme:
        text = f"{name} is one of the 75 councils in the Family Hubs and Start for Life programme."
    elif hubs.transformation_fund:
        text = f"{name} was funded by the Family Hubs Transformation Fund."
    else:
        text = (
            f"{name} was not one of the 75 councils chosen for the Family Hubs and Start for "
            "Life programme in 2022."
        )
    for extra in (hubs.note, hubs.national_note):
        if extra:
            text += " " + extra.rstrip(".") + "."
    return text


def _latest(indicator: Indicator) -> Outcome | None:
    year = indicator.latest_year
    if year is None:
        return None
    return Outcome(
        measure=indicator.label,
        year=year,
        council=_number(indicator.council.get(year)),
        england=_number(indicator.england.get(year)),
        unit=indicator.unit,
    )


def _outcomes(facts: CouncilFacts) -> list[Outcome]:
    early = facts.early_years
    indicators = (
        early.good_level_fsm,
        early.good_level_other,
        early.good_level_all,
        early.breastfeeding,
    )
    return [o for o in map(_latest, indicators) if o is not None]


def _gap_sentence(facts: CouncilFacts) -> str | None:
    early, name = facts.early_years, facts.council.name
    year = early.gap_year
    if year is None or early.gap_council is None:
        return None
    fsm = _number(early.good_level_fsm.council.get(year))
    other = _number(early.good_level_other.council.get(year))
    if fsm is None or other is None:
        return None
    text = (
        f"In {year}, {fsm:.1f}% of children on free school meals in {name} reached a good level "
        f"of development by age five, against {other:.1f}% of other children: a gap of "
        f"{float(early.gap_council):.1f} percentage points"
    )
    if early.gap_england is not None:
        text += f" (England: {float(early.gap_england):.1f} points)"
    return text + "."


def _number(value) -> float | None:
    return None if value is None else float(value)
