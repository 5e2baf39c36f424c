import pytest

from campaign.core import plurals


@pytest.mark.parametrize(
    ("value", "noun", "expected"),
    [
        (0, "person", "0 people"),
        (1, "person", "1 person"),
        (2, "person", "2 people"),
        (1, "council", "1 council"),
        (152, "council", "152 councils"),
        (1, "centre", "1 centre"),
        (3_400, "centre", "3,400 centres"),
        (1, "family hub", "1 family hub"),
        (2, "local authority", "2 local authorities"),
        (2, "child", "2 children"),
        (2, "box", "2 boxes"),
        (2, "day", "2 days"),
    ],
)
def test_a_count_is_worded_with_the_right_form_of_its_noun(value, noun, expected):
    assert plurals.count(value, noun) == expected


def test_nothing_can_be_worded_as_no_rather_than_a_zero():
    assert plurals.count(0, "centre", zero="no centres") == "no centres"
    assert plurals.count(1, "centre", zero="no centres") == "1 centre"


def test_a_given_plural_wins_over_the_rule():
    assert plurals.count(2, "site", "sites listed") == "2 sites listed"


def test_verbs_agree_with_the_count():
    assert plurals.verb(1, "has", "have") == "has"
    assert plurals.verb(0, "has", "have") == "have"
    assert plurals.people_have(1) == "person has"
    assert plurals.people_have(12_000) == "people have"


def test_the_template_filters_use_the_same_helper(app):
    template = app.jinja_env.from_string("{{ 1 | count('person') }}; {{ 5 | people_have }}")
    assert template.render() == "1 person; people have"
