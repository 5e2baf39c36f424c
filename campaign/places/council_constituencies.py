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

from campaign.places import councils, postcodes

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
