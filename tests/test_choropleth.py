"""The constituency map: shading, tooltips, inset and summary, from outlines passed in."""

from dataclasses import dataclass

import pytest

from campaign.charts.choropleth import NONE_SHADE, SHADES, area_map, classes
from campaign.places.constituency_shapes import outlines


@dataclass(frozen=True)
class Square:
    code: str
    name: str
    path: str
    inset_path: str | None = None


AREAS = [
    Square("A", "Ayr & Arran", "M0 0l10 0 0 10z"),
    Square("B", "Bute", "M10 0l10 0 0 10z", inset_path="M50 50l20 0 0 20z"),
    Square("C", "Coll", "M20 0l10 0 0 10z"),
]


@pytest.mark.parametrize(
    ("highest", "expected"),
    [
        (0, []),
        (1, [(1, 1)]),
        (7, [(1, 2), (3, 3), (4, 4), (5, 5), (6, 7)]),
        (1000, [(1, 4), (5, 16), (17, 64), (65, 252), (253, 1000)]),
    ],
)
def test_classes_grow_geometrically_from_one_to_the_highest(highest, expected):
    assert classes(highest) == expected


def test_each_area_is_shaded_by_its_count_and_says_its_name_and_count():
    svg = str(area_map(AREAS, {"A": 1, "B": 1000}, width=100, height=300, title="Signatures"))
    assert "<title>Ayr &amp; Arran: 1 signature</title>" in svg
    assert "<title>Bute: 1,000 signatures</title>" in svg
    assert "<title>Coll: 0 signatures</title>" in svg
    assert f'fill="{SHADES[0]}"><title>Ayr' in svg
    assert f'fill="{SHADES[-1]}"><title>Bute' in svg
    assert f'fill="{NONE_SHADE}"><title>Coll' in svg
    assert "1,001 signatures in 2 of 3 areas; the most in Bute (1,000)." in svg
    assert 'role="img"' in svg and "<script" not in svg


def test_the_inset_draws_only_the_areas_that_have_an_inset_outline():
    svg = str(
        area_map(
            AREAS,
            {},
            width=100,
            height=300,
            inset=(40, 40, 40, 40),
            inset_label="Inset",
            title="Signatures",
        )
    )
    assert svg.count('d="M50 50l20 0 0 20z"') == 1
    assert "clip-path=" in svg and ">Inset</text>" in svg
    assert "No signatures yet." in svg


def test_constituency_outlines_cover_all_650_with_london_in_the_inset():
    drawn = {o.code: o for o in outlines().shapes}
    assert len(drawn) == 650
    assert drawn["E14001172"].inset_path  # Cities of London and Westminster
    assert drawn["E14001467"].inset_path is None  # Sheffield Central
    assert all(o.path.startswith("M") for o in drawn.values())
