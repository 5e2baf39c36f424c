"""Constituency outlines for drawing: ONS's ultra-generalised (BUC) boundaries as SVG paths.

Only for the map: BUC puts some postcodes outside every shape, so lookups use the BGC shapes
(see boundaries.py). The outlines are projected once per process (a plain equal-scale
projection around 54.5°N is close enough at this size) and rounded to whole units, so the
whole map is small enough to send inline. London's 75 constituencies are too small to see at
UK scale, so they are drawn again, larger, in an inset.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache

from campaign.places.loaders import DATA

OUTLINES = DATA / "constituencies" / "pcon24_buc.geojson"
WIDTH = 600.0  # the map's width in SVG units; the height follows from the UK's shape
MARGIN = 10.0
_COS = math.cos(math.radians(54.5))
# Greater London's extent, and where its enlargement sits (the North Sea, east of Scotland).
LONDON = (-0.52, 51.28, 0.34, 51.70)
INSET_ORIGIN = (432.0, 150.0)
INSET_WIDTH = 160.0


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    path: str  # SVG path data on the UK map
    inset_path: str | None  # on the London inset, for London's constituencies


@dataclass(frozen=True)
class Outlines:
    width: float
    height: float
    inset: tuple[float, float, float, float]  # x, y, width, height of the London inset
    shapes: tuple[Outline, ...]


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [ring for polygon in polygons for ring in polygon]


def _path(rings, project) -> str:
    # Whole units, relative moves after the first point: a third of the size of absolute
    # coordinates to one decimal, and still finer than a phone's pixels.
    parts = []
    for ring in rings:
        x0, y0 = (round(v) for v in project(*ring[0]))
        steps, x, y = [], x0, y0
        for lon, lat in ring[1:]:
            nx, ny = (round(v) for v in project(lon, lat))
            if (nx, ny) != (x, y):  # drop points that round onto the last
                steps.append(f"{nx - x} {ny - y}")
                x, y = nx, ny
        if len(steps) >= 3:
            parts.append(f"M{x0} {y0}l{' '.join(steps)}z")
    return "".join(parts)


def _in_london(rings) -> bool:
    lons = [lon for ring in rings for lon, _ in ring]
    lats = [lat for ring in rings for _, lat in ring]
    lon, lat = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    return LONDON[0] <= lon <= LONDON[2] and LONDON[1] <= lat <= LONDON[3]


@cache
def outlines() -> Outlines:
    features = json.loads(OUTLINES.read_text(encoding="utf-8"))["features"]
    rings_of = [_rings(f["geometry"]) for f in features]
    lons = [lon for rings in rings_of for ring in rings for lon, _ in ring]
    lats = [lat for rings in rings_of for ring in rings for _, lat in ring]
    west, north = min(lons), max(lats)
    scale = (WIDTH - 2 * MARGIN) / ((max(lons) - west) * _COS)
    height = (north - min(lats)) * scale + 2 * MARGIN

    def uk(lon: float, lat: float) -> tuple[float, float]:
        return MARGIN + (lon - west) * _COS * scale, MARGIN + (north - lat) * scale

    inset_scale = INSET_WIDTH / ((LONDON[2] - LONDON[0]) * _COS)
    inset_height = (LONDON[3] - LONDON[1]) * inset_scale

    def london(lon: float, lat: float) -> tuple[float, float]:
        x = INSET_ORIGIN[0] + (lon - LONDON[0]) * _COS * inset_scale
        return x, INSET_ORIGIN[1] + (LONDON[3] - lat) * inset_scale

    shapes = tuple(
        Outline(
            code=feature["properties"]["PCON24CD"],
            name=feature["properties"]["PCON24NM"],
            path=_path(rings, uk),
            inset_path=_path(rings, london) if _in_london(rings) else None,
        )
        for feature, rings in zip(features, rings_of, strict=True)
    )
    return Outlines(WIDTH, round(height, 1), (*INSET_ORIGIN, INSET_WIDTH, inset_height), shapes)
