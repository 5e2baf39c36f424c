"""Counts in words: "1 person has signed", "2,400 people have signed", "1 council", "no centres".

One helper for every page, email and PDF, so no sentence says "1 people" or "All 1 councils"."""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s".
IRREGULAR = {
    "person": "people",
    "child": "children",
    "family hub": "family hubs",
    "centre": "centres",
    "authority": "authorities",
    "council": "councils",
    "signature": "signatures",
}


def plural(noun: str) -> str:
    if noun in IRREGULAR:
        return IRREGULAR[noun]
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def number(value: int | float) -> str:
    """Thousands separated, as everywhere else on the site."""
    return f"{value:,}"


def count(value: int, noun: str, plural_form: str | None = None, *, zero: str | None = None) -> str:
    """`count(1, "person")` is "1 person"; `count(3, "person")` is "3 people".
    `zero` words a count of nothing ("no centres") where a "0" would read oddly."""
    if value == 0 and zero is not None:
        return zero
    word = noun if value == 1 else (plural_form or plural(noun))
    return f"{number(value)} {word}"


def verb(value: int, singular: str, plural_form: str) -> str:
    """The verb agreeing with a count: `verb(1, "has", "have")` is "has"."""
    return singular if value == 1 else plural_form


def people_have(value: int) -> str:
    """The words after a count of signers: "person has" or "people have"."""
    return "person has" if value == 1 else "people have"
