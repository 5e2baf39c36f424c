"""Which Westminster constituencies cover a council, and how much of it each covers.

Councils and constituencies do not nest, so a council may have several MPs and a constituency
may cross councils. How much of a council each constituency covers is measured by the share of
the council's postcodes (with coordinates, in the ONS directory) that fall inside it: a count of
addresses' postcodes, not of area or of people. Worked out once per process from the
memory-mapped postcode index (a few tenths of a second with numpy) and kept.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from campaign.places import constituencies, councils, postcodes

_lock = threading.Lock()
_by_council: dict[str, dict[str, dict[str, int]]] = {}


@dataclass(frozen=True)
class Coverage:
    constituency_code: str
    postcodes: int  # the council's postcodes inside this constituency
    share: float  # of the council's postcodes with a constituency, 0..1


def _tally(index) -> dict[str, dict[str, int]]:
    """{council code: {constituency code: postcodes}} over the whole index."""
    import numpy as np

    from campaign.places.postcode_index import NO_CONSTITUENCY, NO_DISTRICT

    district = np.frombuffer(index._district, dtype=np.uint16).astype(np.uint32)
    constituency = np.frombuffer(index._constituency, dtype=np.uint16).astype(np.uint32)
    keep = (district != NO_DISTRICT) & (constituency != NO_CONSTITUENCY)
    pairs, counts = np.unique((district[keep] << 16) | constituency[keep], return_counts=True)
    out: dict[str, dict[str, int]] = {}
    for pair, n in zip(pairs.tolist(), counts.tolist(), strict=True):
        council = councils.council_for_district(index.districts[pair >> 16])
        if council is None:
            continue
        per = out.setdefault(council.code, {})
        code = index.constituencies[pair & 0xFFFF]
        per[code] = per.get(code, 0) + n
    return out


def coverage(council_code: str, index_path: str | None = None) -> list[Coverage]:
    """The constituencies covering a council, largest share first."""
    from campaign.places.postcode_index import open_index

    index = open_index(index_path or postcodes._configured_index_path())
    key = str(index.path)
    with _lock:
        if key not in _by_council:
            _by_council[key] = _tally(index)
        counted = _by_council[key].get(council_code, {})
    total = sum(counted.values())
    return sorted(
        (Coverage(code, n, n / total) for code, n in counted.items()),
        key=lambda c: (-c.postcodes, c.constituency_code),
    )


# Slivers under this share are mostly where generalised boundaries meet, so they are summed
# into one line rather than each named as one of the council's MPs.
MIN_SHARE = 0.01


@dataclass(frozen=True)
class CouncilMP:
    constituency_code: str
    constituency: str
    mp: str | None  # None while the seat is vacant
    party: str | None
    share: float  # of the council's postcodes

    def as_json(self) -> dict:
        return {
            "constituency_code": self.constituency_code,
            "constituency": self.constituency,
            "mp": self.mp,
            "party": self.party,
            "share_of_council_postcodes": round(self.share, 4),
        }


@dataclass(frozen=True)
class CouncilMPs:
    rows: list[CouncilMP]
    slivers: int  # constituencies each covering under MIN_SHARE of the council
    sliver_share: float
    list_date: date | None


def council_mps(council_code: str) -> CouncilMPs:
    """The MPs whose constituencies cover a council, largest share first, with the list date."""
    covered = coverage(council_code)
    named = constituencies.constituencies(c.constituency_code for c in covered)
    rows, small = [], [c for c in covered if c.share < MIN_SHARE]
    for c in covered:
        found = named.get(c.constituency_code)
        if c.share >= MIN_SHARE and found is not None:
            rows.append(CouncilMP(found.code, found.name, found.mp_name, found.mp_party, c.share))
    return CouncilMPs(rows, len(small), sum(c.share for c in small), constituencies.list_date())
