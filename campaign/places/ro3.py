"""A second, independent record of council spending: MHCLG's revenue outturn (RO3), line "Sure
start children's centres and early years", for 2022-23 and 2024-25.

It is a different return with different definitions from DfE's Section 251 series the pages
chart, so it is never mixed into that series. It is shown beside it only where it helps a parent
read the S251 figure: a council that reported £0, or a council with no S251 figure for a year.
The file is in thousands of pounds; `[x]` means not available."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

RO3_FILE = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "spending"
    / "MHCLG_RO3_sure_start_cc_and_early_years_by_LA_2022-23_2024-25_gbp_thousands.csv"
)
GROSS = "SSCC_EY_Total_Expenditure_(C3_=_C1_+_C2)"
NET = "SSCC_EY_Net_Current_Expenditure_(C7_=_C3_-_C6)"


@dataclass(frozen=True)
class Ro3Figure:
    year: str
    council_name: str  # as the return names it (Cumbria for 2022-23, before it was split)
    gross: Decimal  # pounds
    net: Decimal  # pounds


def _pounds(thousands: str) -> Decimal | None:
    try:
        return Decimal(thousands) * 1000
    except InvalidOperation:
        return None  # "[x]": not available


@lru_cache(maxsize=1)
def _by_code() -> dict[str, dict[str, Ro3Figure]]:
    figures: dict[str, dict[str, Ro3Figure]] = {}
    with RO3_FILE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            gross, net = _pounds(row[GROSS]), _pounds(row[NET])
            if gross is None or net is None:
                continue
            year = row["time_period"]
            figures.setdefault(row["ONS_Code"], {})[year] = Ro3Figure(
                year, row["Local_authority"], gross, net
            )
    return figures


def figures_for(*codes: str) -> list[Ro3Figure]:
    """RO3 figures for a council and (for a council created since) its predecessors, by year."""
    found = [f for code in codes for f in _by_code().get(code, {}).values()]
    return sorted(found, key=lambda f: f.year)
