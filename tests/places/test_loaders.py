from decimal import Decimal

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import (
    Dataset,
    EarlyYearsFigure,
    FamilyHubsCouncil,
    NationalFigure,
    Place,
    SpendingFigure,
)
from campaign.places import loaders


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_load_all_loads_every_bundled_file(loaded):
    assert _count(SpendingFigure) == 2308
    assert _count(EarlyYearsFigure) == 6630
    assert _count(FamilyHubsCouncil) == 88
    assert _count(Place) == 3044
    assert _count(NationalFigure) == 16
    assert {d.name for d in db.session.scalars(select(Dataset))} == {
        "spending",
        "early_years",
        "family_hubs",
        "places",
        "national",
        "mps",
    }


def test_loading_again_changes_nothing_when_the_files_are_unchanged(loaded):
    before = loaders.data_version()
    results = loaders.load_all()
    assert [r.changed for r in results] == [False] * (len(loaders.BUNDLES) + 1)
    assert _count(SpendingFigure) == 2308
    assert loaders.data_version() == before


def test_a_changed_file_replaces_its_rows_and_changes_the_data_version(loaded, tmp_path):
    before = loaders.data_version()
    national = next(b for b in loaders.BUNDLES if b.name == "national")
    lines = national.path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = tmp_path / "national.csv"
    changed.write_text("".join(lines[:3]), encoding="utf-8")
    result = loaders.load(loaders.Bundle("national", changed, NationalFigure, national.parse))
    assert (result.changed, result.rows) == (True, 2)
    assert _count(NationalFigure) == 2
    assert loaders.data_version() != before


def test_figures_are_stored_as_published(loaded):
    sheffield_2011 = db.session.scalar(
        select(SpendingFigure).where(
            SpendingFigure.la_number == "373", SpendingFigure.year == "2011-12"
        )
    )
    assert sheffield_2011.gross_gbp == Decimal("9751465.79")
    suppressed = db.session.scalar(
        select(EarlyYearsFigure).where(
            EarlyYearsFigure.indicator == "FSP_Gooddev_FSM",
            EarlyYearsFigure.year == "2020",
            EarlyYearsFigure.la_number == "970",
        )
    )
    assert (suppressed.value_text, suppressed.value) == ("-", None)


def test_every_place_is_placed_in_a_council_from_its_postcode(loaded):
    unplaced = db.session.scalar(
        select(func.count()).select_from(Place).where(Place.council_code.is_(None))
    )
    assert unplaced == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("54", Decimal("54")),
        ("70.599999999999994", Decimal("70.599999999999994")),
        ("-", None),
        ("", None),
        (None, None),
        ("x", None),
        ("NaN", None),
        (" 12.5 ", Decimal("12.5")),
    ],
)
def test_decimal_or_none_reads_numbers_and_nothing_else(text, expected):
    assert loaders.decimal_or_none(text) == expected
