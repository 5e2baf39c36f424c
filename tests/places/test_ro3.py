from decimal import Decimal

from campaign.places import ro3


def test_westminster_reported_spending_to_mhclg_in_the_years_its_s251_line_was_zero():
    figures = {f.year: f for f in ro3.figures_for("E09000033")}
    assert figures["2022-23"].gross == Decimal("981000")
    assert figures["2022-23"].net == Decimal("678000")
    assert figures["2024-25"].gross == Decimal("2117720")


def test_a_new_council_is_read_with_its_predecessor_and_unavailable_cells_are_left_out():
    figures = ro3.figures_for("E06000064", "E10000006")
    assert [(f.year, f.council_name) for f in figures] == [
        ("2022-23", "Cumbria"),
        ("2024-25", "Westmorland and Furness"),
    ]
    assert figures[1].gross == Decimal("2055000")
    assert all(f.year != "2024-25" for f in ro3.figures_for("E06000063"))  # "[x]" for 2024-25
