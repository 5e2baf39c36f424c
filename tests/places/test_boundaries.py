"""Every postcode's Westminster constituency, worked out from the July 2024 boundaries."""

import numpy as np
import pytest

from campaign.places import boundaries, locate, postcode_index


@pytest.mark.parametrize(
    ("raw", "constituency"),
    [
        ("S1 2HH", "E14001467"),  # Sheffield Central
        ("SW1A 1AA", "E14001172"),  # Cities of London and Westminster
        ("LA9 4DL", "E14001580"),  # Westmorland and Lonsdale
        ("OX1 1BX", "E14001420"),  # Oxford West and Abingdon
        ("CF10 1EP", "W07000091"),  # Cardiff South and Penarth
        ("EH1 1YZ", "S14000078"),  # Edinburgh East and Musselburgh
        ("BT1 5GS", "N05000003"),  # Belfast South and Mid Down: coordinates on the Irish Grid
    ],
)
def test_each_nation_postcode_finds_its_constituency(postcode_index_path, raw, constituency):
    assert locate(raw, postcode_index_path).constituency_code == constituency


def test_postcodes_without_coordinates_have_no_constituency(postcode_index_path):
    assert locate("M1 9FN", postcode_index_path).constituency_code is None
    assert locate("GY1 1AA", postcode_index_path).constituency_code is None


def test_the_index_holds_all_650_constituencies_and_nearly_every_postcode_has_one(
    postcode_index_path,
):
    index = postcode_index.PostcodeIndex(postcode_index_path)
    assert len(index.constituencies) == len(set(index.constituencies)) == 650
    column = np.frombuffer(index._constituency, dtype=np.uint16)
    easting = np.frombuffer(index._easting, dtype=np.int32)
    # Every postcode with coordinates gets a constituency; those without get none.
    assert ((column == postcode_index.NO_CONSTITUENCY) == (easting == -1)).all()
    assert index.boundaries == postcode_index.boundaries_digest()


def test_shapes_decode_into_650_named_constituencies_by_nation():
    shapes = boundaries.read_shapes()
    prefixes = [code[:3] for code, _name, _polygons in shapes]
    assert {p: prefixes.count(p) for p in set(prefixes)} == {
        "E14": 543,
        "S14": 57,
        "W07": 32,
        "N05": 18,
    }
    names = {code: name for code, name, _polygons in shapes}
    assert names["E14001467"] == "Sheffield Central"


def test_a_point_just_off_the_coast_gets_the_nearest_constituency_and_a_far_one_none():
    # A few hundred metres into the sea off Blackpool's promenade (where its piers stand), and
    # 50 km out in the Irish Sea, beyond the nearest-shape limit.
    assigned = boundaries.assign(
        np.array([330000, 280000]), np.array([436500, 436500]), np.array([False, False])
    )
    assert (assigned.inside, assigned.nearest, assigned.unassigned) == (0, 1, 1)
    assert assigned.codes[assigned.which[0]] == "E14001105"  # Blackpool South
    assert assigned.which[1] == -1
