"""Assembling `CouncilFacts` from the loaded data (see facts.py for the shape and its promises).

`council_facts(gss_code)` is the one way in. Building a council's facts reads a few thousand
rows; they change only when the data version does (a dataset reloaded, a GIAS import, a report
approved), so the result is kept per version (versions.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select

from campaign.core.cache import Cache
from campaign.extensions import db
from campaign.models import EarlyYearsFigure, SpendingFigure
from campaign.places import councils, loaders, versions
from campaign.places.facts import (
    SPENDING_DEFINITION_CHANGES,
    SPENDING_YEARS,
    Change,
    CouncilFacts,
    CouncilSummary,
    EarlyYears,
    Indicator,
    Spending,
)
from campaign.places.facts_centres import centres, family_hubs, national, nearest_places
from campaign.places.sources import (
    FAMILY_HUBS_SOURCE,
    INDICATORS,
    LAIT_SOURCE,
    MISSING_NOTE,
    NATIONAL_SOURCE,
    PLACES_SOURCE,
    PROFILE_BREAK_NOTE,
    REGISTER_SOURCE,
    SPENDING_SOURCE,
)


@dataclass(frozen=True)
class Tables:
    """The rows every council's facts are computed from (a few thousand, read once per data
    version rather than once per council)."""

    spending: list
    region_of: dict[str, str]
    early_years: list


# Keyed by what decides them: the database and its data version (see versions.py). The facts
# are shared between callers: read them, never change them.
_tables: Cache[Tables] = Cache(maxsize=4)
_facts: Cache[CouncilFacts] = Cache(maxsize=512)


def council_facts(
    gss_code: str,
    *,
    easting: int | None = None,
    northing: int | None = None,
    nearest: int = 5,
    version: str | None = None,
) -> CouncilFacts | None:
    """The facts for an English council responsible for children's services, or None if the code
    is not one. Given British National Grid coordinates, also the `nearest` centres and hubs.
    Needs an app context (it reads the loaded data from the database). `version` is the data
    version when the caller already has it (see versions.py)."""
    council = councils.council(gss_code or "")
    if council is None or council.nation != "england":
        return None
    database = versions.database_key()
    version = version or versions.current()
    facts = _facts.get_or_set(
        (council.code, database, version),
        lambda: build(
            council,
            easting=None,
            northing=None,
            nearest=0,
            shared=_tables.get_or_set((database, version), _read_tables),
            version=version,
        ),
    )
    # Nearest places depend on the person's postcode, so they are added after.
    if easting and northing:
        facts = replace(facts, nearest=nearest_places(easting, northing, nearest))
    return facts


def _read_tables() -> Tables:
    rows = spending_rows()
    return Tables(rows, _region_of_la_numbers(rows), early_years_rows())


def build(
    council: councils.Council,
    *,
    easting,
    northing,
    nearest: int,
    shared: Tables | None = None,
    version: str | None = None,
) -> CouncilFacts:
    shared = shared or Tables(spending_rows(), {}, early_years_rows())
    return CouncilFacts(
        council=CouncilSummary(
            code=council.code,
            name=council.name,
            region=council.region,
            la_number=council.la_number,
            predecessors=tuple(p.name for p in councils.predecessors(council.code)),
        ),
        spending=spending(council, shared.spending, shared.region_of or None),
        family_hubs=family_hubs(council.code),
        centres=centres(council.code),
        early_years=early_years(council, shared.early_years),
        national=national(),
        nearest=nearest_places(easting, northing, nearest) if easting and northing else (),
        sources=(
            SPENDING_SOURCE,
            LAIT_SOURCE,
            FAMILY_HUBS_SOURCE,
            PLACES_SOURCE,
            REGISTER_SOURCE,
            NATIONAL_SOURCE,
        ),
        data_version=version or versions.current(),
    )


# --- spending ----------------------------------------------------------------------------------


def spending_rows():
    """Every loaded spending figure, as light rows (year, level, la_number, area_name, gss_code,
    gross_gbp)."""
    return db.session.execute(
        select(
            SpendingFigure.year,
            SpendingFigure.level,
            SpendingFigure.la_number,
            SpendingFigure.area_name,
            SpendingFigure.gss_code,
            SpendingFigure.gross_gbp,
        )
    ).all()


def spending(council: councils.Council, rows=None, region_of=None) -> Spending:
    rows = spending_rows() if rows is None else rows
    region_of = region_of or _region_of_la_numbers(rows)
    published = {(r.level, r.la_number, r.year): r.gross_gbp for r in rows}
    region_number = next(
        (
            r.la_number
            for r in rows
            if r.level == "region" and r.area_name.casefold() == council.region.casefold()
        ),
        None,
    )
    years_with_rows = {r.year for r in rows}
    council_series = {y: published.get(("council", council.la_number, y)) for y in SPENDING_YEARS}
    england, england_summed = _published_or_summed(
        rows, years_with_rows, lambda y: published.get(("england", "970", y)), lambda r: True
    )
    region, region_summed = _published_or_summed(
        rows,
        years_with_rows,
        lambda y: published.get(("region", region_number, y)) if region_number else None,
        lambda r: region_of.get(r.la_number) == council.region,
    )
    return Spending(
        years=SPENDING_YEARS,
        council=council_series,
        england=england,
        region=region,
        region_name=council.region,
        england_summed_years=england_summed,
        region_summed_years=region_summed,
        missing_years=tuple(y for y in SPENDING_YEARS if y not in years_with_rows),
        missing_note=MISSING_NOTE,
        definition_changes=SPENDING_DEFINITION_CHANGES,
        change_since_first_year=change_over(council_series),
        source=SPENDING_SOURCE,
    )


def _region_of_la_numbers(rows) -> dict[str, str]:
    """DfE number -> region, for current councils and the abolished ones they replaced."""
    region_of = {c.la_number: c.region for c in councils.english_councils()}
    number_of_gss = {r.gss_code: r.la_number for r in rows if r.gss_code}
    for current in councils.english_councils():
        for predecessor in councils.predecessors(current.code):
            number = number_of_gss.get(predecessor.code)
            if number:
                region_of.setdefault(number, current.region)
    return region_of


def _published_or_summed(rows, years_with_rows, published_for, included):
    """A total per year: the published one where it exists, else the sum of the council
    returns (only where every council in it reported a figure)."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    incomplete: set[str] = set()
    for r in rows:
        if r.level == "council" and included(r):
            if r.gross_gbp is None:
                incomplete.add(r.year)
            else:
                sums[r.year] += r.gross_gbp
    series, summed = {}, []
    for year in SPENDING_YEARS:
        value = published_for(year)
        if value is None and year in years_with_rows and year in sums and year not in incomplete:
            value = sums[year]
            summed.append(year)
        series[year] = value
    return series, tuple(summed)


def change_over(series: dict[str, Decimal | None]) -> Change | None:
    known = [(y, v) for y, v in series.items() if v is not None]
    if len(known) < 2 or not known[0][1]:
        return None
    (from_year, from_value), (to_year, to_value) = known[0], known[-1]
    amount = to_value - from_value
    percent = (amount / from_value * 100).quantize(Decimal("0.1"))
    across = any(from_year < c.year <= to_year for c in SPENDING_DEFINITION_CHANGES)
    return Change(from_year, from_value, to_year, to_value, amount, percent, across)


# --- early years -------------------------------------------------------------------------------


def early_years_rows():
    return db.session.execute(
        select(
            EarlyYearsFigure.indicator,
            EarlyYearsFigure.year,
            EarlyYearsFigure.level,
            EarlyYearsFigure.la_number,
            EarlyYearsFigure.area_name,
            EarlyYearsFigure.value,
        )
    ).all()


def early_years(council: councils.Council, rows=None) -> EarlyYears:
    rows = early_years_rows() if rows is None else rows
    region_number = next(
        (
            r.la_number
            for r in rows
            if r.level == "region" and r.area_name.casefold() == council.region.casefold()
        ),
        None,
    )
    indicators = {
        key: _indicator(key, rows, council.la_number, region_number) for key in INDICATORS
    }
    fsm, other = indicators["FSP_Gooddev_FSM"], indicators["FSP_Gooddev_FSM_Other"]
    gap_year = next(
        (
            y
            for y in reversed(fsm.years)
            if fsm.council.get(y) is not None and other.council.get(y) is not None
        ),
        None,
    )

    def gap(side: str) -> Decimal | None:
        low, high = getattr(fsm, side).get(gap_year), getattr(other, side).get(gap_year)
        return None if low is None or high is None else high - low

    return EarlyYears(
        good_level_fsm=fsm,
        good_level_other=other,
        good_level_all=indicators["FSP_NEW_GOODDEV"],
        breastfeeding=indicators["6wksBreast"],
        gap_year=gap_year,
        gap_council=gap("council") if gap_year else None,
        gap_england=gap("england") if gap_year else None,
    )


def _indicator(key: str, rows, la_number: str, region_number: str | None) -> Indicator:
    mine = [r for r in rows if r.indicator == key]
    years = tuple(sorted({r.year for r in mine}))

    def series(number):
        values = {r.year: r.value for r in mine if r.la_number == number}
        return {y: values.get(y) for y in years}

    council_series = series(la_number)
    profile = key.startswith("FSP_")
    return Indicator(
        key=key,
        label=INDICATORS[key],
        unit="%",
        years=years,
        council=council_series,
        region=series(region_number) if region_number else dict.fromkeys(years),
        england=series(loaders.ENGLAND_LA_NUMBER),
        latest_year=next((y for y in reversed(years) if council_series[y] is not None), None),
        break_note=PROFILE_BREAK_NOTE if profile else None,
        break_after="2019" if profile else None,
        source=LAIT_SOURCE,
    )
