"""Westminster constituencies and their MPs: loading the MP list, and naming a constituency.

The bundled list (`data/constituencies/mps_current_2026-04-03.csv`) is loaded by `flask data
load`; MPs change, so `flask data load-mps FILE` loads a newer list in the same columns. The
list's date comes from `--as-of` or from a date in the file's name, and is shown wherever an MP
is named. `flask data load` never replaces a list with an older one.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from campaign.core.cache import Cache
from campaign.extensions import db
from campaign.models import Constituency, Dataset
from campaign.places.loaders import DATA, LoadResult, sha256_of
from campaign.timeutil import utcnow

BUNDLED_MPS = DATA / "constituencies" / "mps_current_2026-04-03.csv"
DATASET = "mps"
COLUMNS = ("PCON24CD", "PCON24NM", "MP", "ID", "Start date", "Party", "Party name")
CONSTITUENCY_COUNT = 650
_CODE = re.compile(r"[ESWN]\d{8}")
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


class MPListError(ValueError):
    """The file is not an MP list this loader can take; the message says what is wrong."""


def date_in_name(path: Path) -> date | None:
    match = _DATE_IN_NAME.search(path.name)
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _optional_int(text: str, line: int) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise MPListError(f"line {line}: the member ID {text!r} is not a number")
    return int(text)


def _optional_date(text: str, line: int) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise MPListError(f"line {line}: the start date {text!r} is not a date") from None


def parse_mps(text: str, as_of: date) -> list[dict]:
    """Rows for the constituencies table from an MP list's CSV text; refuses a partial list."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise MPListError(f"the file has no {', '.join(missing)} column(s)")
    rows, seen = [], set()
    for line, row in enumerate(reader, start=2):
        code = (row["PCON24CD"] or "").strip()
        if not _CODE.fullmatch(code):
            raise MPListError(f"line {line}: {code!r} is not a constituency code like E14001467")
        if code in seen:
            raise MPListError(f"line {line}: {code} is listed twice")
        seen.add(code)
        name = (row["PCON24NM"] or "").strip()
        if not name:
            raise MPListError(f"line {line}: {code} has no constituency name")
        rows.append(
            {
                "code": code,
                "name": name,
                "mp_name": (row["MP"] or "").strip() or None,
                "mp_party": (row["Party"] or "").strip() or None,
                "mp_party_name": (row["Party name"] or "").strip() or None,
                "mp_member_id": _optional_int(row["ID"] or "", line),
                "mp_since": _optional_date(row["Start date"] or "", line),
                "list_as_of": as_of,
            }
        )
    if len(rows) != CONSTITUENCY_COUNT:
        raise MPListError(
            f"the file lists {len(rows)} constituencies; a full list has {CONSTITUENCY_COUNT}"
        )
    return rows


def load_mps(
    path: Path, as_of: date | None = None, *, force: bool = False, allow_older: bool = False
) -> LoadResult:
    """Replace the MP list with the file's, in one transaction.

    The same file again changes nothing unless `force`; a list older than the one loaded is
    refused (MPListError) unless `allow_older`."""
    as_of = as_of or date_in_name(path)
    if as_of is None:
        raise MPListError("give the date of the list with --as-of YYYY-MM-DD")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise MPListError(f"cannot read {path.name}: {error}") from None
    digest = sha256_of(path)
    loaded = list_date()
    record = db.session.get(Dataset, DATASET)
    if record is not None and record.sha256 == digest and loaded == as_of and not force:
        return LoadResult(DATASET, record.rows, changed=False)
    if loaded is not None and as_of < loaded and not allow_older:
        raise MPListError(
            f"the MP list loaded is from {loaded:%d %B %Y}, newer than this one ({as_of:%d %B %Y})"
        )
    rows = parse_mps(text, as_of)
    try:
        db.session.execute(delete(Constituency))
        db.session.execute(insert(Constituency), rows)
        if record is None:
            db.session.add(Dataset(name=DATASET, sha256=digest, rows=len(rows)))
        else:
            record.sha256, record.rows, record.loaded_at = digest, len(rows), utcnow()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return LoadResult(DATASET, len(rows), changed=True)


def load_bundled(force: bool = False) -> LoadResult:
    """The bundled list, unless a newer one has been loaded since (which is kept)."""
    loaded, bundled = list_date(), date_in_name(BUNDLED_MPS)
    if loaded is not None and bundled is not None and loaded > bundled:
        record = db.session.get(Dataset, DATASET)
        return LoadResult(DATASET, record.rows if record else 0, changed=False)
    return load_mps(BUNDLED_MPS, force=force)


def list_date() -> date | None:
    """The date of the MP list loaded, or None before any is."""
    return db.session.scalar(select(func.max(Constituency.list_as_of)))


@dataclass(frozen=True)
class Named:
    """A constituency and its MP as pages and JSON show them (plain values, safe to keep)."""

    code: str
    name: str
    mp: str | None
    party: str | None
    list_as_of: date


# Keyed by the MP list loaded (its checksum and load time), so a new list is seen at once.
_named: Cache[dict[str, Named]] = Cache(maxsize=4)


def named() -> dict[str, Named]:
    """Every constituency with its MP, by code; read once per MP list, not per request."""
    record = db.session.get(Dataset, DATASET)
    if record is None:
        return {}

    def read() -> dict[str, Named]:
        rows = db.session.execute(
            select(
                Constituency.code,
                Constituency.name,
                Constituency.mp_name,
                Constituency.mp_party,
                Constituency.list_as_of,
            )
        )
        return {row.code: Named(*row) for row in rows}

    return _named.get_or_set((record.sha256, record.loaded_at, _database()), read)


def _database() -> str:
    return str(db.engine.url)


def constituencies(codes) -> dict[str, Constituency]:
    """The named constituencies with their MPs, by code (unknown codes are left out)."""
    codes = [code for code in set(codes) if code]
    if not codes:
        return {}
    rows = db.session.scalars(select(Constituency).where(Constituency.code.in_(codes)))
    return {row.code: row for row in rows}


def constituency(code: str | None) -> Constituency | None:
    return db.session.get(Constituency, code) if code else None
