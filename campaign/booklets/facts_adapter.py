"""The council page's CouncilFacts, read for the booklet. No figures are made and no fact is
worded here: this picks what the booklet prints, with the page's sentences (sentences.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from campaign.booklets.content import BookletInputs, CitedCount, LatestFigure, MPRow
from campaign.core.cache import Cache
from campaign.places import constituencies, sentences, versions
from campaign.places.council_constituencies import council_mps
from campaign.places.facts import CouncilFacts, Indicator
from campaign.places.facts_build import council_facts
from campaign.places.sources import Source

MAX_PLACES = 6


def council_name(code: str) -> str | None:
    """The name of the English council with this code, without loading its facts."""
    from campaign.places import councils

    council = councils.council(code or "")
    if council is None or council.nation != "england":
        return None
    return council.name


def data_version() -> str:
    """Changes whenever any figure a booklet prints could change (see places/versions.py)."""
    return versions.current()


# Keyed by what decides them: the council, the person's coordinates and the data version.
_recent: Cache[BookletInputs | None] = Cache(maxsize=64)


def inputs_for(
    code: str,
    coordinates: tuple[int, int] | None = None,
    version: str | None = None,
    constituency: str | None = None,
) -> BookletInputs | None:
    """The booklet's inputs for a council, for the data version the caller read (or the current
    one). The same council is often asked for again, so recent ones are re-used. `constituency`
    is that of the person's postcode, whose MP the letter names."""
    version = version or versions.current()
    return _recent.get_or_set(
        (code, coordinates, version, constituency),
        lambda: _load(code, coordinates, version, constituency),
    )


def _load(
    code: str, coordinates: tuple[int, int] | None, version: str, constituency: str | None
) -> BookletInputs | None:
    easting, northing = coordinates or (None, None)
    facts = council_facts(
        code, easting=easting, northing=northing, nearest=MAX_PLACES, version=version
    )
    if facts is None:
        return None
    return replace(from_facts(facts, nearest=coordinates is not None), **_mps(code, constituency))


def _mps(council_code: str, constituency: str | None) -> dict[str, Any]:
    """The council's MPs (with the share of its postcodes in each seat), the postcode's own MP,
    and the date of the MP list."""
    covering = council_mps(council_code)
    mine = constituencies.constituency(constituency)
    return {
        "mps": tuple(
            MPRow(row.constituency, row.mp, row.party, f"{100 * row.share:.0f}%")
            for row in covering.rows
        ),
        "own_mp": MPRow(mine.name, mine.mp_name, mine.mp_party) if mine else None,
        "mps_list_date": f"{covering.list_date:%-d %B %Y}" if covering.list_date else None,
    }


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
        national.append(CitedCount(figure.as_of, figure.measure, figure.value, figure.unit, key))
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
        headline=sentences.spending_headline(name, spending.change_since_first_year)
        or sentences.only_spending_figure(name, spending),
        family_hubs=_family_hubs(facts),
        places=list(facts.nearest[:MAX_PLACES]) if nearest else [],
        places_are_nearest=nearest,
        outcomes=_outcomes(facts),
        gap_sentence=sentences.gap_sentence(name, facts.early_years),
        national=national,
        sources=sources,
        data_version=facts.data_version,
        spending_notes=tuple(sentences.spending_notes(facts)),
        open_places_text=sentences.open_places(name, centres),
        closures_text=sentences.closures(name, centres, facts.national),
        **_reorganisation(facts.council.code, spending),
    )


def _reorganisation(code: str, spending) -> dict:
    """Names and first financial year for a council that replaced others (e.g. in 2023), when
    its figures start then (the same rule as the council page's chart)."""
    from campaign.places import councils

    years = sentences.years_since_created(code, spending)
    if years == spending.years:
        return {}
    return {
        "predecessors": tuple(p.name for p in councils.predecessors(code)),
        "first_year": years[0],
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


def _family_hubs(facts: CouncilFacts) -> str:
    hubs = facts.family_hubs
    text = sentences.family_hubs_sentence(facts.council.name, hubs)
    for extra in (hubs.note, hubs.national_note):
        if extra:
            text += " " + extra.rstrip(".") + "."
    return text


def _latest(indicator: Indicator) -> LatestFigure | None:
    year = indicator.latest_year
    if year is None:
        return None
    return LatestFigure(
        measure=indicator.label,
        year=year,
        council=_number(indicator.council.get(year)),
        england=_number(indicator.england.get(year)),
        unit=indicator.unit,
    )


def _outcomes(facts: CouncilFacts) -> list[LatestFigure]:
    early = facts.early_years
    indicators = (
        early.good_level_fsm,
        early.good_level_other,
        early.good_level_all,
        early.breastfeeding,
    )
    return [o for o in map(_latest, indicators) if o is not None]


def _number(value) -> float | None:
    return None if value is None else float(value)
