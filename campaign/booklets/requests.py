"""What a person may ask for in a booklet: checked and tidied before anything is rendered."""

from __future__ import annotations

import re
import unicodedata

from campaign.booklets.fonts import unprintable

MAX_NAME_LENGTH = 80
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


class BookletRequestError(ValueError):
    """A request we cannot make a booklet for, with a message written for the person."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def clean_name(raw: str | None) -> str:
    """The advocate's name as it will be printed: spacing tidied, invisible characters removed.

    Markup is kept as typed (it is escaped when printed, so "<b>" shows as text). A name too
    long to print on the cover is refused with a message, not cut short without asking.
    """
    if not raw:
        return ""
    if len(raw) > MAX_NAME_LENGTH * 4:
        raise BookletRequestError(_too_long(len(raw)))
    text = unicodedata.normalize("NFC", raw)
    # Control and format characters (including bidirectional overrides) could hide or reorder
    # what is printed; a name never needs them.
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or not unicodedata.category(ch).startswith("C")
    )
    text = " ".join(text.split())
    if len(text) > MAX_NAME_LENGTH:
        raise BookletRequestError(_too_long(len(text)))
    missing = unprintable(text)
    if missing:
        raise BookletRequestError(
            f"We cannot print {' '.join(missing[:5])} in your name yet: the booklet's fonts "
            "cover Latin, Greek, Cyrillic, Arabic, Hebrew and some other scripts, but not these. "
            "Write your name in one of those, or leave it out, and try again."
        )
    return text


def clean_petition_slug(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    slug = raw.strip().lower()
    if not _SLUG.fullmatch(slug):
        raise BookletRequestError(
            "We could not find that petition. Choose one from the list on the council page.",
            status=404,
        )
    return slug


def count_bucket(count: int) -> int:
    """The signature count rounded down to two significant figures (exact below 20).

    The booklet says "at least N people", which stays true as more sign, so a booklet need not
    be remade for every new signature: only when the count passes the next round number.
    """
    if count < 20:
        return max(count, 0)
    step = 5 if count < 100 else 10 ** (len(str(count)) - 2)
    return count // step * step


def _too_long(length: int) -> str:
    return (
        f"Your name is {length:,} characters long. A name on the booklet can be at most "
        f"{MAX_NAME_LENGTH} characters: shorten it, or leave it out, and try again."
    )
