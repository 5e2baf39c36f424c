"""Counts in the booklet are worded with the one plurals helper: never "1 people"."""

import pytest
from markupsafe import Markup

from campaign.booklets.content import PetitionInfo, _petition


def _info(local: int, total: int) -> PetitionInfo:
    return PetitionInfo("p", "A petition", "https://example.org/p", Markup(""), local, total)


@pytest.mark.parametrize(
    ("local", "total", "local_words", "total_words"),
    [
        (1, 1, "1 person in Sheffield has signed.", "At least 1 person has signed in all."),
        (3, 40, "3 people in Sheffield have signed.", "At least 40 people have signed in all."),
        (25, 2500, "At least 25 people in Sheffield have signed.", "At least 2,500 people"),
        (0, 0, "Be the first in Sheffield to sign.", ""),
    ],
)
def test_petition_counts_are_worded_for_their_number(local, total, local_words, total_words):
    words = _petition(_info(local, total), "Sheffield")
    assert words["local_count"] == local_words
    assert words["total_count"].startswith(total_words)
