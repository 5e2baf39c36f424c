import csv
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Centre
from campaign.places import gias
from campaign.places.facts_build import council_facts

FIXTURE = Path(__file__).parent / "fixtures" / "gias_childrens_centres.csv"


def _rewrite(path: Path, changes: dict[str, dict[str, str]]) -> None:
    """Copy the fixture to `path`, changing some fields of some URNs, in the same encoding."""
    with open(FIXTURE, newline="", encoding="cp1252") as handle:
        reader = csv.DictReader(handle)
        rows = [dict(row, **changes.get(row["URN"], {})) for row in reader]
        fields = reader.fieldnames
    with open(path, "w", newline="", encoding="cp1252") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def test_first_import_adds_centres_skips_other_establishments_and_rejects_bad_rows(
    app, postcode_index_path
):
    report = gias.import_centres(FIXTURE)
    assert [a.split()[0] for a in report.added] == ["20001", "20002", "20003", "20004"]
    assert len(report.skipped) == 1 and "100000" in report.skipped[0]
    assert report.errors == ["line 6: unreadable date '31-02-2008'"]
    assert (report.closed, report.changed, report.unchanged) == ([], [], 0)
    kendal = db.session.scalar(select(Centre).where(Centre.urn == "20004"))
    # A closed Cumbria centre belongs to the council covering its postcode today.
    assert (kendal.status, kendal.council_code, kendal.la_number) == ("closed", "E06000064", "909")
    assert kendal.closed_on.isoformat() == "2019-03-31"


def test_reimporting_the_same_export_changes_nothing(app, postcode_index_path):
    gias.import_centres(FIXTURE)
    report = gias.import_centres(FIXTURE)
    assert (report.added, report.closed, report.changed, report.unchanged) == ([], [], [], 4)


def test_reimport_reports_a_closure_and_a_change(app, postcode_index_path, tmp_path):
    gias.import_centres(FIXTURE)
    newer = tmp_path / "newer.csv"
    _rewrite(
        newer,
        {
            "20003": {"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2024"},
            "20002": {"EstablishmentName": "Sharrow Family Hub (Highfield)"},
        },
    )
    report = gias.import_centres(newer)
    assert report.closed == ["20003 Wybourn Children's Centre"]
    assert report.changed == ["20002 Sharrow Family Hub (Highfield) (name)"]
    assert report.unchanged == 2
    wybourn = db.session.scalar(select(Centre).where(Centre.urn == "20003"))
    assert (wybourn.status, wybourn.closed_on.isoformat()) == ("closed", "2024-08-31")


def test_council_facts_count_the_register_once_imported(loaded, tmp_path):
    newer = tmp_path / "newer.csv"
    _rewrite(newer, {"20003": {"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2024"}})
    gias.import_centres(newer)
    centres = council_facts("E08000039").centres
    assert (centres.register_open, centres.register_closed) == (2, 1)
    assert [(c.name, c.reported_by_public, c.urn) for c in centres.closed] == [
        ("Wybourn Children's Centre", False, "20003")
    ]


def test_a_file_without_the_gias_columns_is_refused_with_a_clear_message(tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,postcode\nA centre,S1 2HH\n", encoding="utf-8")
    with pytest.raises(gias.ImportFileError, match="missing column"):
        gias.read_rows(wrong)


def test_a_utf8_export_with_a_byte_order_mark_is_read_too(app, postcode_index_path, tmp_path):
    utf8 = tmp_path / "utf8.csv"
    utf8.write_bytes(b"\xef\xbb\xbf" + FIXTURE.read_bytes().decode("cp1252").encode("utf-8"))
    assert len(gias.import_centres(utf8).added) == 4


def test_import_centres_command_reports_what_it_did(runner, postcode_index_path, tmp_path):
    result = runner.invoke(args=["data", "import-centres", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "Added: 20001 Broomhall Nursery School and Children's Centre" in result.output
    assert "Rejected: line 6: unreadable date" in result.output
    assert "4 added, 0 closed, 0 changed, 0 unchanged, 1 skipped" in result.output
    copy = tmp_path / "again.csv"
    shutil.copy(FIXTURE, copy)
    again = runner.invoke(args=["data", "import-centres", str(copy)])
    assert "0 added, 0 closed, 0 changed, 4 unchanged" in again.output


def test_import_centres_command_refuses_a_wrong_file(runner, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(args=["data", "import-centres", str(wrong)])
    assert result.exit_code != 0
    assert "not a GIAS children's centres export" in result.output
