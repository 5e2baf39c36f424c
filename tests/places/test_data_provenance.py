"""The bundled files are the published ones: re-derive them from the shared originals."""

import hashlib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
LAIT = SHARED / "spending" / "lait_bds_long_0_2026-04-08.parquet"

COPIES = [
    "spending/sure_start_spend_by_la_2010-11_to_2024-25.csv",
    "family_hubs/family_hubs_programme_las.csv",
    "spending/MHCLG_RO3_sure_start_cc_and_early_years_by_LA_2022-23_2024-25_gbp_thousands.csv",
    "centres/open_centres_and_family_hubs_england.csv",
    "national/childrens_centres_england_national_figures.csv",
    "lookups/lad25_to_utla25_england_from_dfeR.csv",
    "lookups/mysociety_uk_local_authorities_current.csv",
    "constituencies/pcon24_bgc.topojson",
    "constituencies/pcon24_buc.geojson",
    "constituencies/mps_current_2026-04-03.csv",
]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(
    not SHARED.exists(), reason="the shared open-data folder is not beside the repo"
)
@pytest.mark.parametrize("name", COPIES)
def test_bundled_copy_is_identical_to_the_shared_original(name):
    assert _sha(ROOT / "data" / name) == _sha(SHARED / name)


@pytest.mark.skipif(
    not LAIT.exists() or importlib.util.find_spec("pyarrow") is None,
    reason="needs the shared LAIT parquet and pyarrow (a development requirement)",
)
def test_early_years_extract_is_reproduced_exactly_from_the_lait_parquet(tmp_path):
    spec = importlib.util.spec_from_file_location(
        "extract", ROOT / "data" / "scripts" / "extract_lait_early_years.py"
    )
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out = tmp_path / "extract.csv"
    assert script.extract(str(LAIT), str(out)) == 6630
    assert _sha(out) == _sha(ROOT / "data" / "early_years" / "lait_early_years_2026-04-08.csv")
