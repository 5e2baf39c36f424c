from pathlib import Path

import pytest

from campaign.places import postcode_index


@pytest.fixture(scope="module")
def index(postcode_index_path):
    return postcode_index.PostcodeIndex(postcode_index_path)


def test_index_holds_every_postcode_in_the_directory(index):
    assert len(index) == 2_720_556
    assert index.source_version == postcode_index.source_version()


def test_index_keys_are_strictly_sorted_at_the_edges_and_round_trip(index):
    first, last = index.postcode_at(0), index.postcode_at(len(index) - 1)
    assert first < last
    assert index.get(first) is not None and index.get(last) is not None


def test_key_orders_postcodes_as_the_directory_does():
    assert postcode_index.key_for("S1 2HH") < postcode_index.key_for("S10 1AA")
    assert postcode_index.key_for("S10 1AA") < postcode_index.key_for("SA1 1AA")


def test_index_of_non_geographic_postcode_has_no_district_or_coordinates(index):
    assert index.get("M1 9FN") == (None, None, None, None)


def test_damaged_index_is_rejected(tmp_path, postcode_index_path):
    damaged = tmp_path / "damaged.bin"
    damaged.write_bytes(Path(postcode_index_path).read_bytes()[:4096])
    with pytest.raises(postcode_index.PostcodeIndexError):
        postcode_index.PostcodeIndex(damaged)


def test_missing_index_is_built_on_first_use(tmp_path):
    path = tmp_path / "fresh.bin"
    index = postcode_index.open_index(path)
    assert path.exists()
    assert index.get("S1 2HH") == ("E08000039", 435359, 387191, "E14001467")


def test_build_command_usage_is_explained(capsys):
    assert postcode_index.main(["rebuild"]) == 2
    assert "usage" in capsys.readouterr().err


def test_workers_finding_the_index_missing_together_build_it_once(tmp_path, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "shared.bin"
    built = []
    real_run = postcode_index.subprocess.run

    def counting_run(*args, **kwargs):
        built.append(args)
        return real_run(*args, **kwargs)

    monkeypatch.setattr(postcode_index.subprocess, "run", counting_run)
    with ThreadPoolExecutor(3) as pool:
        indexes = list(pool.map(postcode_index._load_or_build, [path] * 3))
    assert len(built) == 1
    assert all(
        index.get("S1 2HH") == ("E08000039", 435359, 387191, "E14001467") for index in indexes
    )
