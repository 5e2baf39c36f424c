"""The booklet's numbered list of sources.

Figures cite a source by key; the first citation gives it the next number, so the list at the
back runs in the order a reader meets the figures, and lists only what the booklet cites.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class NumberedSource:
    number: int
    text: str
    url: str | None = None


# Sources that do not come with the data itself: the law and the guidance.
STANDING_SOURCES: dict[str, tuple[str, str | None]] = {
    "act_5a": (
        "Childcare Act 2006, section 5A: arrangements for provision of children's centres.",
        "https://www.legislation.gov.uk/ukpga/2006/21/section/5A",
    ),
    "act_5d": (
        "Childcare Act 2006, section 5D: consultation as to establishment of children's centres "
        "and changes.",
        "https://www.legislation.gov.uk/ukpga/2006/21/section/5D",
    ),
    "guidance": (
        "Department for Education, Sure Start children's centres statutory guidance (April 2013).",
        "https://www.gov.uk/government/publications/sure-start-childrens-centres",
    ),
}


class SourceList:
    """Numbers sources in order of first citation. Unknown keys fail loudly, never silently."""

    def __init__(self, known: dict[str, tuple[str, str | None]]) -> None:
        self._known = {**STANDING_SOURCES, **known}
        self._order: list[str] = []

    def number(self, key: str) -> int:
        if key not in self._known:
            raise KeyError(f"booklet cites an unknown source {key!r}")
        if key not in self._order:
            self._order.append(key)
        return self._order.index(key) + 1

    def __iter__(self) -> Iterator[NumberedSource]:
        for index, key in enumerate(self._order, start=1):
            text, url = self._known[key]
            yield NumberedSource(number=index, text=text, url=url)

    def __len__(self) -> int:
        return len(self._order)
