"""Westminster constituency for every postcode, by point-in-polygon, when the index is built.

The boundaries are ONS's July 2024 BGC shapes (`data/constituencies/pcon24_bgc.topojson`, WGS84
longitude/latitude). The directory's coordinates are British National Grid metres in Great
Britain and Irish Grid metres in Northern Ireland, so the shapes are projected onto each grid
once (650 shapes, about 376,000 vertices) rather than projecting 2.7 million points, and every
distance is in metres. Quantising the shapes made about 125 of them self-intersect: each is
repaired with `shapely.make_valid` before testing points against it.

A few hundred coastal postcodes (piers, harbours) sit just outside every generalised shape: they
get the nearest constituency within `NEAREST_LIMIT_M`. Point-in-polygon is not ONS's own
best-fit assignment, so a postcode on a boundary may occasionally differ from ONS's lookup.

Only the index build imports this module (shapely, pyproj and numpy stay out of web processes).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

from campaign.places.postcode_index import BOUNDARIES

WGS84 = "EPSG:4326"
BRITISH_NATIONAL_GRID = "EPSG:27700"
IRISH_GRID = "EPSG:29903"  # TM75 Irish Grid, as the directory gives Northern Ireland
# The furthest a coastal postcode outside every shape lies from its nearest one is about 1 km.
NEAREST_LIMIT_M = 2_000.0


@dataclass(frozen=True)
class Assignment:
    codes: list[str]  # constituency codes, in the order of the table the index stores
    which: np.ndarray  # per point: position in `codes`, or -1 for none
    inside: int  # points inside a shape
    nearest: int  # points given the nearest shape
    unassigned: int  # points with coordinates left without a constituency


def _decode_arcs(topology: dict) -> list[np.ndarray]:
    """TopoJSON arcs are delta-encoded integers; return them as absolute longitude/latitude."""
    scale = np.array(topology["transform"]["scale"], dtype=float)
    translate = np.array(topology["transform"]["translate"], dtype=float)
    return [
        np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate
        for arc in topology["arcs"]
    ]


def _ring(arc_ids: Sequence[int], arcs: list[np.ndarray]) -> np.ndarray:
    # A negative id ~i means arc i walked backwards; consecutive arcs share their end point.
    parts = []
    for n, arc_id in enumerate(arc_ids):
        points = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        parts.append(points if n == 0 else points[1:])
    return np.concatenate(parts)


def _polygons(geometry: dict, arcs: list[np.ndarray]) -> list[list[np.ndarray]]:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    return [[_ring(ring, arcs) for ring in polygon] for polygon in polygons]


def read_shapes(path: Path = BOUNDARIES) -> list[tuple[str, str, list[list[np.ndarray]]]]:
    """(code, name, polygons as rings of longitude/latitude) for every constituency."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    (collection,) = topology["objects"].values()
    return [
        (g["properties"]["PCON24CD"], g["properties"]["PCON24NM"], _polygons(g, arcs))
        for g in collection["geometries"]
    ]


def _grid_parts(shapes, crs: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(codes, polygon parts projected onto the grid and repaired, each part's code position).

    Each polygon is repaired on its own: repairing whole multi-part constituencies is ten times
    slower, and a point only needs to fall inside one part of its constituency."""
    transformer = Transformer.from_crs(WGS84, crs, always_xy=True)
    codes: list[str] = []
    polygons_drawn: list[shapely.Polygon] = []
    owner: list[int] = []
    for code, _name, polygons in shapes:
        for rings in polygons:
            projected = [np.column_stack(transformer.transform(r[:, 0], r[:, 1])) for r in rings]
            if len(projected[0]) < 4:  # an islet collapsed by quantising: nothing to test
                continue
            holes = [ring for ring in projected[1:] if len(ring) >= 4]
            polygons_drawn.append(shapely.Polygon(projected[0], holes))
            owner.append(len(codes))
        codes.append(code)
    parts = np.array(polygons_drawn, dtype=object)
    invalid = ~shapely.is_valid(parts)
    parts[invalid] = shapely.make_valid(parts[invalid], method="structure", keep_collapsed=False)
    return codes, parts, np.array(owner, dtype=np.int32)


def _assign_on_grid(shapes, crs, easting, northing):
    """(codes, each point's position in codes or -1, points inside, points given the nearest)."""
    codes, parts, owner = _grid_parts(shapes, crs)
    which = np.full(len(easting), -1, dtype=np.int32)
    if not len(parts) or not len(easting):
        return codes, which, 0, 0
    points = shapely.points(easting.astype(float), northing.astype(float))
    # One query per shape against a tree of the points: each shape is prepared once and tests
    # only the points in its bounding box (five times faster than a query per point).
    part_i, point_i = shapely.STRtree(points).query(parts, predicate="contains")
    which[point_i] = owner[part_i]
    inside = int((which >= 0).sum())
    # Points on a boundary (contained by neither side) and just off the coast.
    outside = np.flatnonzero(which == -1)
    if not len(outside):
        return codes, which, inside, 0
    near_point, near_part = shapely.STRtree(parts).query_nearest(
        points[outside], max_distance=NEAREST_LIMIT_M, all_matches=False
    )
    which[outside[near_point]] = owner[near_part]
    return codes, which, inside, len(near_point)


def assign(easting: np.ndarray, northing: np.ndarray, northern_ireland: np.ndarray) -> Assignment:
    """The constituency of each point (grid metres; Irish Grid where `northern_ireland`)."""
    shapes = read_shapes()
    codes: list[str] = []
    which = np.full(len(easting), -1, dtype=np.int32)
    inside = nearest = 0
    for is_ni, crs in ((False, BRITISH_NATIONAL_GRID), (True, IRISH_GRID)):
        mask = northern_ireland == is_ni
        nation_shapes = [s for s in shapes if s[0].startswith("N") == is_ni]
        part_codes, part, part_inside, part_nearest = _assign_on_grid(
            nation_shapes, crs, easting[mask], northing[mask]
        )
        which[mask] = np.where(part >= 0, part + len(codes), -1)
        codes.extend(part_codes)
        inside, nearest = inside + part_inside, nearest + part_nearest
    return Assignment(codes, which, inside, nearest, int((which == -1).sum()))
