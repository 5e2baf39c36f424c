"""UK postcodes: checking what a person typed, and finding it in the ONS Postcode Directory.

`normalise` answers "is this shaped like a UK postcode?" without touching the directory.
`lookup` answers "what does the directory say about it?" from the compact index built by
`postcode_index` (mapped into memory, so it is ready at once and shared between processes).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass

# Longer than any postcode with generous spacing: anything beyond is not a postcode, and
# refusing it early keeps the work done on hostile input small.
MAX_RAW_LENGTH = 16

# The UK format (BS 7666): outward code A9, A99, AA9, AA99, A9A or AA9A, then the inward code
# 9AA, letters restricted by position as Royal Mail allocates them (A9A also allows the letters
# of old, terminated central London districts such as W1M). Every one of the 2,720,556 postcodes
# in the ONS directory of November 2025 matches, counting two special cases: GIR 0AA (Girobank)
# and NPT (2,417 old Newport postcodes the directory still lists).
_OUTWARD = (
    r"[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKMNPR-Y]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRV-Y]"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(rf"({_OUTWARD})({_INWARD})|(GIR)(0AA)|(NPT)([0-9][A-Z]{{2}})")

_SPACES = {" ", "\u00a0", "\u2007", "\u202f"}


def normalise(raw: object) -> str | None:
    """Return the postcode in its standard form ("SW1A 1AA"), or None if it is not one.

    Case and spacing are forgiven ("sw1a1aa", " SW1A  1AA "); anything else (punctuation,
    control characters, other scripts, too long) is not a postcode.
    """
    if not isinstance(raw, str) or len(raw) > MAX_RAW_LENGTH:
        return None
    # Full-width letters and digits (from some phone keyboards) become plain ASCII.
    text = unicodedata.normalize("NFKC", raw)
    compact = "".join(ch for ch in text if ch not in _SPACES).upper()
    if not compact.isascii() or not compact.isalnum():
        return None
    match = _POSTCODE.fullmatch(compact)
    if match is None:
        return None
    outward, inward = (part for part in match.groups() if part is not None)
    return f"{outward} {inward}"


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """What the directory holds for one postcode."""

    postcode: str
    district_code: str | None  # LAD 2025 code; None for non-geographic postcodes
    easting: int | None  # British National Grid metres (Irish Grid in Northern Ireland)
    northing: int | None
    constituency_code: str | None = None  # Westminster, July 2024 boundaries (PCON24CD)


def lookup(postcode: str, index_path: str | None = None) -> DirectoryEntry | None:
    """Look a normalised postcode up in the directory; None if the directory does not hold it.

    The index is the one at `index_path`, else the app's POSTCODE_INDEX_PATH inside an app
    context, else the default (see postcode_index.default_path)."""
    # Imported here so that `python -m campaign.places.postcode_index` runs a fresh module.
    from campaign.places.postcode_index import open_index

    index = open_index(index_path or _configured_index_path())
    found = index.get(postcode)
    if found is None:
        return None
    return DirectoryEntry(postcode, *found)


def _configured_index_path() -> str | None:
    # Without Flask loaded there can be no app context; not importing it keeps the lookup
    # light in processes that are not the web app (the benchmark, build scripts).
    flask = sys.modules.get("flask")
    if flask is None or not flask.has_app_context():
        return None
    path: str | None = flask.current_app.config.get("POSTCODE_INDEX_PATH")
    return path
