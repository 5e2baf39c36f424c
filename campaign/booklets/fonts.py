"""Which characters the booklet's bundled fonts can print.

A character no bundled font has would print as an empty box, or in whatever font the server
happens to have: a name is checked against the fonts before a booklet is made, and refused with
a message naming the characters rather than printed wrongly.
"""

from __future__ import annotations

from functools import cache

from campaign.booklets.render import BOOKLET_DIR

# Names print in regular (the letter) and bold (the cover): a family counts for a character
# only if both its weights have it.
FAMILIES = (("Lato-Regular.ttf", "Lato-Bold.ttf"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))


@cache
def _printable() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    printable: set[int] = set()
    for regular, bold in FAMILIES:
        cmaps = []
        for name in (regular, bold):
            with TTFont(BOOKLET_DIR / "fonts" / name, lazy=True) as face:
                cmaps.append(set(face.getBestCmap()))
        printable |= cmaps[0] & cmaps[1]
    return frozenset(printable)


def unprintable(text: str) -> list[str]:
    """The distinct characters of `text` that no bundled font can print, in order."""
    if text.isascii():
        return []  # every printable ASCII character is in Lato; skip loading the font tables
    printable = _printable()
    missing: list[str] = []
    for ch in text:
        if not ch.isspace() and ord(ch) not in printable and ch not in missing:
            missing.append(ch)
    return missing
