"""Everything known about one council's early-years services, in one place: the shapes.

The council page (`/local/<gss>`), its JSON (`/local/<gss>.json`) and the booklet all read these,
from `facts_build.council_facts(gss_code)`, and word them with `sentences.py`. Figures are the
published ones, unaltered: a year with no figure is None (drawn as a gap, never filled in), and
every series carries its definition changes and breaks so whoever shows it can mark them. Each part
names its source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from campaign.places.sources import DEFINITION_CHANGES, FINANCIAL_YEARS, Source


@dataclass(frozen=True)
class CouncilSummary:
    code: str  # GSS code, e.g. "E08000039"
    name: str  # "Sheffield"
    region: str  # "Yorkshire and The Humber"
    la_number: str  # DfE's LA number, e.g. "373"
    predecessors: tuple[str, ...] = ()  # councils that ran these services before a reorganisation


@dataclass(frozen=True)
class Change:
    """From one year's figure to another's."""

    from_year: str
    from_value: Decimal
    to_year: str
    to_value: Decimal
    amount: Decimal  # to_value - from_value (negative is a cut)
    percent: Decimal  # amount / from_value * 100, one decimal place
    across_definition_changes: bool  # True if the two years are not like-for-like


@dataclass(frozen=True)
class DefinitionChange:
    year: str  # the first year of the new definition, e.g. "2012-13"
    note: str


@dataclass(frozen=True)
class Spending:
    """Gross spending on Sure Start children's centres (and, later, early years), in pounds,
    cash terms, by financial year "2010-11" .. "2024-25". Every year is a key; None is a gap."""

    years: tuple[str, ...]
    council: dict[str, Decimal | None]
    england: dict[str, Decimal | None]
    region: dict[str, Decimal | None]
    region_name: str
    # Years where England's or the region's figure is our sum of the council returns because
    # no total was published (2010-11 to 2013-14). Elsewhere the published total is used.
    england_summed_years: tuple[str, ...]
    region_summed_years: tuple[str, ...]
    missing_years: tuple[str, ...]  # years with no source at all: ("2014-15",)
    missing_note: str
    definition_changes: tuple[DefinitionChange, ...]
    change_since_first_year: Change | None  # the headline: first figure to latest figure
    source: Source


@dataclass(frozen=True)
class FamilyHubs:
    in_programme: bool  # one of the 75 councils of the Family Hubs and Start for Life programme
    trailblazer: bool  # one of its 14 trailblazers
    transformation_fund: bool  # funded by the Family Hubs Transformation Fund instead
    note: str  # anything uncertain about the membership, as the source says
    national_note: str  # what applies everywhere (from April 2026, every council is funded)
    source: Source


@dataclass(frozen=True)
class ClosedCentre:
    name: str
    closed_on: date | None
    urn: str | None  # DfE's unique reference, when from the official register
    reported_by_public: bool  # True for an approved closure report rather than DfE's register
    evidence_url: str | None = None
    kind: str = "closure"  # "closure" | "cut" (for public reports)
    note: str | None = None


@dataclass(frozen=True)
class Centres:
    """Children's centres and family hubs in the council's area."""

    open_centres: int  # children's centres open in DfE's list of open centres
    open_linked_sites: int  # children's centre linked sites in the same list
    family_hub_sites: int  # family hub sites in DfE's list
    # From an imported "Get Information About Schools" export (open and closed centres);
    # None when no export with closures has been imported for this council yet.
    register_open: int | None
    register_closed: int | None
    closed: tuple[ClosedCentre, ...]  # from the register, then approved public reports
    source: Source


@dataclass(frozen=True)
class NearbyPlace:
    name: str
    kind: str  # "children's centre" | "children's centre linked site" | "family hub"
    address: str
    postcode: str
    distance_km: float
    distance_miles: float


@dataclass(frozen=True)
class Indicator:
    """One early-years measure by year ("2016" .. "2025"): council, region and England."""

    key: str  # the LAIT short name, e.g. "FSP_Gooddev_FSM"
    label: str  # in plain words
    unit: str  # "%"
    years: tuple[str, ...]
    council: dict[str, Decimal | None]
    region: dict[str, Decimal | None]
    england: dict[str, Decimal | None]
    latest_year: str | None  # the latest year with a council figure
    break_note: str | None  # e.g. the 2020-21 break in the profile
    break_after: str | None  # the last year before the break, e.g. "2019"
    source: Source


@dataclass(frozen=True)
class EarlyYears:
    good_level_fsm: Indicator  # children eligible for free school meals
    good_level_other: Indicator  # all other children
    good_level_all: Indicator
    breastfeeding: Indicator  # at 6-8 weeks
    # The gap the campaign is about, for the latest year with both figures (percentage points).
    gap_year: str | None
    gap_council: Decimal | None
    gap_england: Decimal | None


@dataclass(frozen=True)
class NationalCount:
    as_of: str
    measure: str
    value: int
    unit: str
    source: str


@dataclass(frozen=True)
class CouncilFacts:
    council: CouncilSummary
    spending: Spending
    family_hubs: FamilyHubs
    centres: Centres
    early_years: EarlyYears
    national: tuple[NationalCount, ...]
    nearest: tuple[NearbyPlace, ...]  # empty unless coordinates were given
    sources: tuple[Source, ...]
    data_version: str  # changes whenever any loaded dataset changes (for caches)
    attribution: str = field(
        default=(
            "Contains public sector information licensed under the Open Government Licence "
            "v3.0. Contains OS data © Crown copyright and database right. Contains Royal Mail "
            "data © Royal Mail copyright and database right."
        )
    )

    def as_json(self) -> dict:
        """Plain JSON-ready data (numbers as numbers, dates as ISO strings)."""
        return _jsonable(asdict(self))


SPENDING_YEARS: tuple[str, ...] = FINANCIAL_YEARS
SPENDING_DEFINITION_CHANGES = tuple(DefinitionChange(y, note) for y, note in DEFINITION_CHANGES)


def _jsonable(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return value
