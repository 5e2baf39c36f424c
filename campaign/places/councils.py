"""Which council a district belongs to for children's services.

In England children's services are run by the upper-tier council: the county in a two-tier area
(Bromsgrove district -> Worcestershire), otherwise the unitary, metropolitan or London borough
itself. The map comes from `data/lookups/lad25_to_utla25_england_from_dfeR.csv` (LAD 2025 codes,
the ones the ONS Postcode Directory of November 2025 uses). Welsh, Scottish and Northern Irish
councils are unitary; they are named from mySociety's register of UK councils.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LOOKUPS = Path(__file__).resolve().parents[2] / "data" / "lookups"
ENGLAND_LOOKUP = LOOKUPS / "lad25_to_utla25_england_from_dfeR.csv"
REGISTER = LOOKUPS / "mysociety_uk_local_authorities_current.csv"

NATIONS = {"E": "england", "W": "wales", "S": "scotland", "N": "northern_ireland"}
NATION_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}


@dataclass(frozen=True, slots=True)
class Council:
    code: str  # GSS code of the council responsible for children's services
    name: str
    nation: str  # "england" | "wales" | "scotland" | "northern_ireland"
    region: str  # English region, or the nation's name elsewhere
    la_number: str | None  # DfE's three-digit LA number (England only): the key to DfE data


def nation_of(gss_code: str) -> str | None:
    return NATIONS.get(gss_code[:1]) if gss_code else None


@cache
def _england() -> tuple[dict[str, str], dict[str, Council]]:
    """(district code -> council code, council code -> Council) for England."""
    district_to_council: dict[str, str] = {}
    councils: dict[str, Council] = {}
    with open(ENGLAND_LOOKUP, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["UTLA25CD"]
            district_to_council[row["LAD25CD"]] = code
            councils.setdefault(
                code,
                Council(
                    code=code,
                    name=row["UTLA25NM"],
                    nation="england",
                    region=row["region_name"],
                    la_number=row["DfE_old_la_code"],
                ),
            )
    return district_to_council, councils


@cache
def _devolved() -> dict[str, Council]:
    """Current Welsh, Scottish and Northern Irish councils by GSS code."""
    councils: dict[str, Council] = {}
    with open(REGISTER, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["gss-code"]
            nation = nation_of(code)
            if nation in (None, "england") or row["current-authority"] != "True":
                continue
            councils[code] = Council(
                code=code,
                name=row["nice-name"],
                nation=nation,
                region=NATION_NAMES[nation],
                la_number=None,
            )
    return councils


def council_for_district(district_code: str | None) -> Council | None:
    """The council responsible for children's services in a district (LAD 2025 code)."""
    if not district_code:
        return None
    if district_code.startswith("E"):
        district_to_council, councils = _england()
        code = district_to_council.get(district_code)
        return councils.get(code) if code else None
    return _devolved().get(district_code)


def council(gss_code: str) -> Council | None:
    """A council by its own GSS code (an English upper-tier council or a devolved one)."""
    if not gss_code:
        return None
    if gss_code.startswith("E"):
        return _england()[1].get(gss_code)
    return _devolved().get(gss_code)


@dataclass(frozen=True, slots=True)
class Predecessor:
    code: str  # GSS code of the abolished council
    name: str  # its official name, e.g. "Cumbria County Council"
    ended: str  # the date it was abolished, e.g. "2023-04-01"


# Council types that ran children's services (county councils and unitaries).
_UPPER_TIER_TYPES = {"CTY", "UA", "MD", "LBO"}


@cache
def _predecessors() -> dict[str, tuple[Predecessor, ...]]:
    """Current English council code -> the abolished upper-tier councils it replaced."""
    with open(REGISTER, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    register_code_of = {}
    for row in rows:
        if row["current-authority"] == "True" and row["nation"] == "England":
            current = council(row["gss-code"]) or _council_named(row["nice-name"])
            if current is not None:
                register_code_of[row["local-authority-code"]] = current.code
    found: dict[str, list[Predecessor]] = {}
    for row in rows:
        if row["current-authority"] == "True" or row["local-authority-type"] not in (
            _UPPER_TIER_TYPES
        ):
            continue
        for successor in filter(None, row["replaced-by"].split(",")):
            code = register_code_of.get(successor.strip())
            if code:
                found.setdefault(code, []).append(
                    Predecessor(row["gss-code"], row["official-name"], row["end-date"])
                )
    return {code: tuple(items) for code, items in found.items()}


def _council_named(name: str) -> Council | None:
    return next((c for c in _england()[1].values() if c.name == name), None)


def predecessors(gss_code: str) -> tuple[Predecessor, ...]:
    """Abolished councils whose children's services this council took over (e.g. Cumbria for
    Cumberland and for Westmorland and Furness)."""
    return _predecessors().get(gss_code, ())


@cache
def _former_codes() -> dict[str, str]:
    """Codes the register still gives for councils whose GSS code changed (Sheffield's
    E08000019 became E08000039 in 2025) -> the current code."""
    with open(REGISTER, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    former = {}
    for row in rows:
        if row["current-authority"] == "True" and row["nation"] == "England":
            current = _council_named(row["nice-name"])
            if current is not None and current.code != row["gss-code"]:
                former[row["gss-code"]] = current.code
    return former


def current_council_for(code: str) -> Council | None:
    """The council responsible for children's services for any code a link might carry: its own
    code, one of its districts' codes, or a code it had before 2025."""
    found = council(code) or council_for_district(code)
    if found is None and code in _former_codes():
        found = council(_former_codes()[code])
    return found


def successors(code: str) -> tuple[Predecessor | None, tuple[Council, ...]]:
    """For an abolished council's code: the abolished council and the councils that replaced it."""
    found = [
        (p, council(current))
        for current, items in _predecessors().items()
        for p in items
        if p.code == code
    ]
    if not found:
        return None, ()
    replacements = [c for _, c in found if c is not None]
    return found[0][0], tuple(sorted(replacements, key=lambda c: c.name))


def english_councils() -> list[Council]:
    """The 153 English councils responsible for children's services, by name."""
    return sorted(_england()[1].values(), key=lambda c: c.name)
