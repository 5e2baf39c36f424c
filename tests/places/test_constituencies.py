"""Constituencies and their MPs: the bundled list, a newer list loaded by hand, bad files."""

from datetime import date

import pytest

from campaign.places import constituencies, loaders

BUNDLED = constituencies.BUNDLED_MPS


def _newer_list(tmp_path, name="mps_2026-09-01.csv", change=None):
    text = BUNDLED.read_text(encoding="utf-8")
    if change:
        text = text.replace(*change)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bundled_list_names_every_constituency_and_its_mp_with_the_list_date(loaded):
    assert constituencies.list_date() == date(2026, 4, 3)
    found = constituencies.constituencies(["E14001467", "E14001580", "N05000003", "X"])
    assert set(found) == {"E14001467", "E14001580", "N05000003"}
    sheffield = found["E14001467"]
    assert (sheffield.name, sheffield.mp_name, sheffield.mp_party) == (
        "Sheffield Central",
        "Abtisam Mohamed",
        "Lab",
    )
    assert found["E14001580"].mp_name == "Tim Farron"
    assert found["N05000003"].mp_party == "SDLP"


def test_a_newer_list_replaces_the_old_and_survives_loading_the_bundled_data(loaded, tmp_path):
    path = _newer_list(tmp_path, change=("Abtisam Mohamed", "A. N. Other"))
    assert constituencies.load_mps(path).changed
    assert constituencies.list_date() == date(2026, 9, 1)
    assert constituencies.constituency("E14001467").mp_name == "A. N. Other"
    result = loaders.load_all()[-1]
    assert not result.changed
    assert constituencies.constituency("E14001467").mp_name == "A. N. Other"


def test_an_older_list_is_refused_unless_asked_for(loaded, tmp_path):
    path = _newer_list(tmp_path, name="mps_2025-01-01.csv")
    with pytest.raises(constituencies.MPListError, match="newer than this one"):
        constituencies.load_mps(path)
    assert constituencies.load_mps(path, allow_older=True).changed
    assert constituencies.list_date() == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("PCON24CD,", "CODE,"), "no PCON24CD column"),
        (("E14001467,", "E1400146,"), "not a constituency code"),
        (("E14001467,", "E14001063,"), "listed twice"),
        (("2024-07-04T00:00:00", "4th July"), "is not a date"),
    ],
)
def test_a_damaged_list_is_refused_with_what_is_wrong_and_nothing_changes(
    loaded, tmp_path, change, message
):
    path = _newer_list(tmp_path, change=change)
    with pytest.raises(constituencies.MPListError, match=message):
        constituencies.load_mps(path)
    assert constituencies.list_date() == date(2026, 4, 3)


def test_a_partial_list_is_refused(loaded, tmp_path):
    lines = BUNDLED.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "mps_2026-09-01.csv"
    path.write_text("".join(lines[:100]), encoding="utf-8")
    with pytest.raises(constituencies.MPListError, match="lists 99 constituencies"):
        constituencies.load_mps(path)


def test_load_mps_command_loads_a_list_and_explains_a_missing_date(runner, loaded, tmp_path):
    undated = _newer_list(tmp_path, name="mps.csv")
    refused = runner.invoke(args=["data", "load-mps", str(undated)])
    assert refused.exit_code != 0
    assert "--as-of YYYY-MM-DD" in refused.output
    result = runner.invoke(args=["data", "load-mps", str(undated), "--as-of", "2026-10-01"])
    assert result.exit_code == 0, result.output
    assert "650 constituencies loaded, list of 01 October 2026" in result.output
    assert constituencies.list_date() == date(2026, 10, 1)
