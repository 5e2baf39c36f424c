"""Loading the bundled open data in `data/` into the database (`flask data load`).

Each file is a dataset; its SHA-256 is recorded, so loading again does nothing unless the file
changed, and a changed file replaces that dataset's rows in one transaction. Figures go in as
published: nothing is rounded, filled in or recomputed here.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import delete, insert, select

from campaign.extensions import db
from campaign.models import (
    Dataset,
    EarlyYearsFigure,
    FamilyHubsCouncil,
    NationalFigure,
    Place,
    SpendingFigure,
)
from campaign.places import postcodes
from campaign.places.councils import council_for_district
from campaign.timeutil import utcnow

DATA = Path(__file__).resolve().parents[2] / "data"

SPENDING_LEVELS = {"Local authority": "council", "Regional": "region", "National": "england"}
ENGLAND_LA_NUMBER = "970"
REGION_LA_NUMBERS = range(980, 991)


@dataclass(frozen=True)
class LoadResult:
    name: str
    rows: int
    changed: bool


def decimal_or_none(text: str | None) -> Decimal | None:
    """The number in a published cell, or None for a blank or a suppression mark ("-", "x")."""
    if text is None:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def level_of(la_number: str) -> str:
    number = int(la_number)
    if number == int(ENGLAND_LA_NUMBER):
        return "england"
    return "region" if number in REGION_LA_NUMBERS else "council"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


def _spending(path: Path) -> list[dict]:
    return [
        {
            "year": row["time_period"],
            "level": SPENDING_LEVELS[row["geographic_level"]],
            "la_number": row["old_la_code"],
            "area_name": row["la_name"],
            "gss_code": row["new_la_code"] or None,
            "line": row["line"],
            "gross_gbp": decimal_or_none(row["gross_expenditure_gbp"]),
            "net_gbp": decimal_or_none(row["net_current_expenditure_gbp"]),
            "source": row["source"],
        }
        for row in _rows(path)
    ]


def _early_years(path: Path) -> list[dict]:
    return [
        {
            "indicator": row["Short Desc"],
            "year": row["Years"],
            "level": level_of(row["LA Number"]),
            "la_number": row["LA Number"],
            "area_name": row["LA and Regions"],
            "value_text": row["Values"],
            "value": decimal_or_none(row["Values"]),
        }
        for row in _rows(path)
    ]


def _family_hubs(path: Path) -> list[dict]:
    return [
        {
            "council_code": row["new_la_code"],
            "la_number": row["old_la_code"],
            "name": row["la_name"],
            "programme": row["programme"],
            "trailblazer": row["trailblazer"] == "True",
            "announced_name": row["announced_name"],
            "note": row["note"],
            "source": row["source"],
        }
        for row in _rows(path)
    ]


def _places(path: Path) -> list[dict]:
    out = []
    for row in _rows(path):
        postcode = postcodes.normalise(row["postcode"]) or row["postcode"].strip().upper()
        entry = postcodes.lookup(postcode) if postcodes.normalise(postcode) else None
        council = council_for_district(entry.district_code) if entry else None
        out.append(
            {
                "name": row["venue"],
                "address": row["address"],
                "postcode": postcode,
                "kind": row["kind"],
                "council_code": council.code if council else None,
                "easting": entry.easting if entry else None,
                "northing": entry.northing if entry else None,
                "source": row["source_dataset"],
            }
        )
    return out


def _national(path: Path) -> list[dict]:
    return [
        {
            "as_of": row["as_of"],
            "measure": row["measure"],
            "value": int(row["value"]),
            "unit": row["unit"],
            "source": row["source"],
        }
        for row in _rows(path)
    ]


@dataclass(frozen=True)
class Bundle:
    name: str
    path: Path
    model: type
    parse: Callable[[Path], list[dict]]


BUNDLES = (
    Bundle(
        "spending",
        DATA / "spending" / "sure_start_spend_by_la_2010-11_to_2024-25.csv",
        SpendingFigure,
        _spending,
    ),
    Bundle(
        "early_years",
        DATA / "early_years" / "lait_early_years_2026-04-08.csv",
        EarlyYearsFigure,
        _early_years,
    ),
    Bundle(
        "family_hubs",
        DATA / "family_hubs" / "family_hubs_programme_las.csv",
        FamilyHubsCouncil,
        _family_hubs,
    ),
    Bundle(
        "places",
        DATA / "centres" / "open_centres_and_family_hubs_england.csv",
        Place,
        _places,
    ),
    Bundle(
        "national",
        DATA / "national" / "childrens_centres_england_national_figures.csv",
        NationalFigure,
        _national,
    ),
)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_all(force: bool = False) -> list[LoadResult]:
    """Load every bundled dataset whose file changed since it was last loaded."""
    # The MP list has its own rules (a newer list loaded by hand is kept) and builds on this.
    from campaign.places import constituencies

    return [load(bundle, force=force) for bundle in BUNDLES] + [
        constituencies.load_bundled(force=force)
    ]


def load(bundle: Bundle, force: bool = False) -> LoadResult:
    digest = sha256_of(bundle.path)
    record = db.session.get(Dataset, bundle.name)
    if record is not None and record.sha256 == digest and not force:
        return LoadResult(bundle.name, record.rows, changed=False)
    rows = bundle.parse(bundle.path)
    try:
        db.session.execute(delete(bundle.model))
        if rows:
            db.session.execute(insert(bundle.model), rows)
        if record is None:
            record = Dataset(name=bundle.name, sha256=digest, rows=len(rows))
            db.session.add(record)
        else:
            record.sha256, record.rows = digest, len(rows)
            record.loaded_at = utcnow()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return LoadResult(bundle.name, len(rows), changed=True)


def data_version() -> str:
    """A short fingerprint of every loaded dataset, for caches keyed on the data."""
    digests = db.session.execute(select(Dataset.name, Dataset.sha256).order_by(Dataset.name))
    joined = ";".join(f"{name}={sha}" for name, sha in digests)
    return hashlib.sha256(joined.encode()).hexdigest()[:16]
