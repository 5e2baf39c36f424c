"""Importing DfE's "Get Information About Schools" children's centres export.

GIAS holds every children's centre, open and closed, with its closure date; its establishment
search export (type group "Children's centres", all statuses) is the only official source of
closures per council. `flask data import-centres FILE` upserts by URN and says what it added,
closed and changed, so importing a newer export shows what happened since the last one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Centre
from campaign.places import councils, postcodes, versions
from campaign.timeutil import utcnow

REQUIRED_COLUMNS = (
    "URN",
    "EstablishmentName",
    "LA (code)",
    "LA (name)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "Postcode",
    "TypeOfEstablishment (name)",
)
CENTRE_TYPES = {"children's centre", "children's centre linked site"}
STATUSES = {
    "open": "open",
    "open, but proposed to close": "open",
    "closed": "closed",
    "proposed to open": "proposed",
}
DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d")
# The fields whose change we report (a status change to closed is reported as a closure).
TRACKED = (
    "name",
    "type_name",
    "status",
    "status_name",
    "la_number",
    "la_name",
    "postcode",
    "opened_on",
    "closed_on",
    "council_code",
)


class ImportFileError(ValueError):
    """The file is not a GIAS children's centres export we can read."""


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)  # "URN name"
    closed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # rows that are not children's centres
    errors: list[str] = field(default_factory=list)  # "line N: what is wrong"

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.closed)} closed, {len(self.changed)} changed, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped (not children's centres), "
            f"{len(self.errors)} rejected"
        )


def read_rows(path: str | Path) -> list[dict[str, str]]:
    raw = Path(path).read_bytes()
    # GIAS exports are Windows-1252; a re-saved file may be UTF-8 (with or without a BOM).
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFileError(
            "This is not a GIAS children's centres export: missing column(s) " + ", ".join(missing)
        )
    return list(reader)


def parse_date(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable date {text!r}")


def _la_councils() -> dict[str, str]:
    return {c.la_number: c.code for c in councils.english_councils() if c.la_number is not None}


def _fields(row: dict[str, str], by_la: dict[str, str]) -> dict:
    urn = row["URN"].strip()
    if not urn.isdigit():
        raise ValueError(f"URN {urn!r} is not a number")
    status_name = row["EstablishmentStatus (name)"].strip()
    status = STATUSES.get(status_name.lower())
    if status is None:
        raise ValueError(f"unknown status {status_name!r}")
    la_number = row["LA (code)"].strip()
    postcode = postcodes.normalise(row["Postcode"])
    # The council today covering the centre's postcode; failing that, by DfE number (a centre
    # of an abolished council with no postcode stays unassigned rather than guessed).
    entry = postcodes.lookup(postcode) if postcode else None
    council = councils.council_for_district(entry.district_code) if entry else None
    return {
        "urn": urn,
        "name": row["EstablishmentName"].strip()[:200],
        "type_name": row["TypeOfEstablishment (name)"].strip(),
        "status": status,
        "status_name": status_name,
        "la_number": la_number[:3],
        "la_name": row["LA (name)"].strip()[:100],
        "council_code": council.code if council else by_la.get(la_number),
        "postcode": postcode,
        "opened_on": parse_date(row["OpenDate"]),
        "closed_on": parse_date(row["CloseDate"]),
    }


def import_centres(path: str | Path) -> ImportReport:
    """Upsert the export's children's centres by URN, in one transaction."""
    rows = read_rows(path)
    report = ImportReport()
    by_la = _la_councils()
    parsed: dict[str, dict] = {}
    for line, row in enumerate(rows, start=2):
        kind = (row.get("TypeOfEstablishment (name)") or "").strip()
        if kind.lower() not in CENTRE_TYPES:
            report.skipped.append(f"line {line}: {row.get('URN', '')} {kind}")
            continue
        try:
            fields = _fields(row, by_la)
        except ValueError as error:
            report.errors.append(f"line {line}: {error}")
            continue
        parsed[fields["urn"]] = fields
    existing = (
        {c.urn: c for c in db.session.scalars(select(Centre).where(Centre.urn.in_(list(parsed))))}
        if parsed
        else {}
    )
    now = utcnow()
    try:
        for urn, fields in parsed.items():
            label = f"{urn} {fields['name']}"
            centre = existing.get(urn)
            if centre is None:
                db.session.add(Centre(**fields, imported_at=now, updated_at=now))
                report.added.append(label)
                continue
            differences = [k for k in TRACKED if getattr(centre, k) != fields[k]]
            if not differences:
                report.unchanged += 1
                continue
            if fields["status"] == "closed" and centre.status != "closed":
                report.closed.append(label)
            else:
                report.changed.append(f"{label} ({', '.join(differences)})")
            for key in differences:
                setattr(centre, key, fields[key])
            centre.updated_at = now
        db.session.commit()
        versions.forget()
    except Exception:
        db.session.rollback()
        raise
    return report
