import json
from decimal import Decimal

import pytest

from campaign.places import reports
from campaign.places.facts_build import council_facts
from campaign.places.versions import data_version


@pytest.fixture
def sheffield(loaded):
    return council_facts("E08000039", easting=435359, northing=387191)  # S1 2HH


def test_sheffield_spending_series_is_as_published_with_the_2014_15_gap(sheffield):
    council = sheffield.spending.council
    assert list(council) == [f"{y}-{(y + 1) % 100:02d}" for y in range(2010, 2025)]
    assert council["2010-11"] == Decimal("24659176")
    assert council["2013-14"] == Decimal("8359871")
    assert council["2014-15"] is None
    assert council["2024-25"] == Decimal("7973070")
    assert sheffield.spending.missing_years == ("2014-15",)
    assert "2014-15" in sheffield.spending.missing_note


def test_definition_changes_of_2012_13_and_2015_16_travel_with_the_series(sheffield):
    assert [c.year for c in sheffield.spending.definition_changes] == ["2012-13", "2015-16"]


def test_headline_change_is_first_to_latest_figure_and_says_it_crosses_definitions(sheffield):
    change = sheffield.spending.change_since_first_year
    assert (change.from_year, change.to_year) == ("2010-11", "2024-25")
    assert change.amount == Decimal("7973070") - Decimal("24659176")
    assert change.percent == Decimal("-67.7")
    assert change.across_definition_changes


def test_sheffield_is_a_family_hubs_trailblazer(sheffield):
    hubs = sheffield.family_hubs
    assert (hubs.in_programme, hubs.trailblazer, hubs.transformation_fund) == (True, True, False)


def test_early_years_gap_is_the_latest_year_with_both_figures(sheffield):
    early = sheffield.early_years
    assert early.gap_year == "2025"
    assert early.good_level_fsm.council["2025"] == Decimal("46.5")
    assert early.good_level_other.council["2025"] == Decimal("73.8")
    assert early.gap_council == Decimal("27.3")
    assert early.gap_england == Decimal("72.5") - Decimal("51.3")


def test_early_years_marks_the_2020_21_break_and_keeps_the_missing_years_empty(sheffield):
    fsm = sheffield.early_years.good_level_fsm
    assert fsm.council["2020"] is None and fsm.council["2021"] is None
    assert fsm.break_after == "2019"
    assert "2020 and 2021" in fsm.break_note
    assert sheffield.early_years.breastfeeding.latest_year == "2024"
    assert sheffield.early_years.breastfeeding.england["2024"] == Decimal("52.71")


def test_nearest_places_are_sorted_by_distance_from_the_postcode(sheffield):
    nearest = sheffield.nearest
    assert len(nearest) == 5
    distances = [p.distance_km for p in nearest]
    assert distances == sorted(distances)
    assert nearest[0].distance_km < 2
    assert all(p.postcode for p in nearest)


def test_no_nearest_places_without_coordinates(loaded):
    assert council_facts("E08000039").nearest == ()


def test_nearest_search_widens_until_it_finds_enough(loaded):
    # Far out in the North Sea off Norfolk: nothing within 20 km, so the search must widen.
    facts = council_facts("E10000020", easting=700000, northing=330000, nearest=3)
    assert len(facts.nearest) == 3


def test_centres_counts_come_from_dfes_lists(sheffield):
    centres = sheffield.centres
    assert (centres.open_centres, centres.open_linked_sites, centres.family_hub_sites) == (1, 28, 7)
    assert centres.register_open is None and centres.register_closed is None


def test_council_created_in_2023_names_its_predecessor_and_shows_gaps_before_it_existed(loaded):
    facts = council_facts("E06000064")
    assert facts.council.name == "Westmorland and Furness"
    assert facts.council.predecessors == ("Cumbria County Council",)
    assert facts.spending.council["2022-23"] is None
    assert facts.spending.council["2024-25"] == Decimal("2162510")
    assert facts.family_hubs.transformation_fund
    assert "taken to be the 13th" in facts.family_hubs.note


@pytest.mark.parametrize("code", ["W06000015", "S12000036", "N09000003", "E07000234", "", "x"])
def test_no_facts_for_devolved_councils_districts_or_nonsense(loaded, code):
    assert council_facts(code) is None


def test_facts_serialise_to_json_with_numbers_and_gaps(sheffield):
    data = json.loads(json.dumps(sheffield.as_json()))
    assert data["council"]["code"] == "E08000039"
    assert data["spending"]["council"]["2010-11"] == 24659176
    assert data["spending"]["council"]["2014-15"] is None
    assert data["early_years"]["gap_council"] == 27.3


def test_data_version_changes_when_a_report_is_approved(loaded):
    from datetime import date

    before = data_version()
    report = reports.submit_report(
        "E08000039",
        centre_name="Sharrow Family Hub",
        kind="cut",
        happened_on=date(2025, 3, 31),
        evidence_url="https://www.example.gov.uk/decision",
    )
    assert data_version() == before
    reports.approve_report(report.id)
    assert data_version() != before
