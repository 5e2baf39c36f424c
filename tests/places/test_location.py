"""Real postcodes, each looked up in the ONS Postcode Directory of November 2025."""

import pytest

from campaign.places import Location, locate


@pytest.mark.parametrize(
    ("raw", "postcode", "council_code", "council_name", "region"),
    [
        # A London borough
        ("SW1A 1AA", "SW1A 1AA", "E09000033", "Westminster", "London"),
        # A metropolitan district
        ("m1 1ae", "M1 1AE", "E08000003", "Manchester", "North West"),
        # A unitary
        ("DL1 1AA", "DL1 1AA", "E06000005", "Darlington", "North East"),
        # A district (Bromsgrove) of a two-tier county: the county runs children's services
        ("B60 1AA", "B60 1AA", "E10000034", "Worcestershire", "West Midlands"),
        # Reorganised in 2023
        ("LA9 4AA", "LA9 4AA", "E06000064", "Westmorland and Furness", "North West"),
        ("CA1 1AA", "CA1 1AA", "E06000063", "Cumberland", "North West"),
        ("HG1 1AA", "HG1 1AA", "E06000065", "North Yorkshire", "Yorkshire and The Humber"),
        ("TA1 1AA", "TA1 1AA", "E06000066", "Somerset", "South West"),
        # New codes in 2025
        ("S70 2TA", "S70 2TA", "E08000038", "Barnsley", "Yorkshire and The Humber"),
        ("s12hh", "S1 2HH", "E08000039", "Sheffield", "Yorkshire and The Humber"),
    ],
)
def test_english_postcodes_find_the_council_responsible_for_childrens_services(
    postcode_index_path, raw, postcode, council_code, council_name, region
):
    location = locate(raw, postcode_index_path)
    assert location.status == "ok"
    assert location.ok
    assert location.nation == "england"
    assert (location.postcode, location.council_code) == (postcode, council_code)
    assert (location.council_name, location.region) == (council_name, region)
    assert location.easting and location.northing


def test_sheffield_postcode_carries_its_grid_reference(postcode_index_path):
    location = locate("S1 2HH", postcode_index_path)
    assert (location.easting, location.northing) == (435359, 387191)


@pytest.mark.parametrize(
    ("raw", "nation", "council_code", "council_name", "region"),
    [
        ("CF10 1EP", "wales", "W06000015", "Cardiff", "Wales"),
        ("EH1 1AA", "scotland", "S12000036", "City of Edinburgh", "Scotland"),
        ("BT1 1AA", "northern_ireland", "N09000003", "Belfast", "Northern Ireland"),
    ],
)
def test_devolved_nations_are_ok_with_their_own_council(
    postcode_index_path, raw, nation, council_code, council_name, region
):
    location = locate(raw, postcode_index_path)
    assert location.status == "ok"
    assert (location.nation, location.council_code) == (nation, council_code)
    assert (location.council_name, location.region) == (council_name, region)


def test_northern_ireland_has_no_gb_grid_reference_because_the_directory_uses_the_irish_grid(
    postcode_index_path,
):
    location = locate("BT1 1AA", postcode_index_path)
    assert (location.easting, location.northing) == (None, None)


@pytest.mark.parametrize("raw", ["SW1A 9ZZ", "s1 2zz", "LA9 4ZX"])
def test_well_formed_postcode_not_in_the_directory_is_unknown(postcode_index_path, raw):
    location = locate(raw, postcode_index_path)
    assert location.status == "unknown"
    assert location.postcode == raw.upper()
    assert location.council_code is None


@pytest.mark.parametrize("raw", ["M1 9FN", "AB11 3AG", "GIR 0AA"])
def test_non_geographic_postcode_has_no_council(postcode_index_path, raw):
    location = locate(raw, postcode_index_path)
    assert location.status == "no_council"
    assert location.postcode == raw
    assert (location.nation, location.council_code, location.territory) == (None, None, None)


@pytest.mark.parametrize(
    ("raw", "territory"),
    [("JE2 3AA", "jersey"), ("GY1 1AA", "guernsey"), ("IM1 1AA", "isle_of_man")],
)
def test_crown_dependencies_have_no_uk_council_and_say_which_island(
    postcode_index_path, raw, territory
):
    location = locate(raw, postcode_index_path)
    assert location.status == "no_council"
    assert location.territory == territory


@pytest.mark.parametrize(
    "raw", ["", "hello", "SW1A", "S1 2HH<script>", "S1\x002HH", "9" * 5000, "ZZ1 1ZZ"]
)
def test_malformed_input_is_malformed_with_nothing_else_set(postcode_index_path, raw):
    assert locate(raw, postcode_index_path) == Location("malformed")


def test_location_is_immutable(postcode_index_path):
    location = locate("S1 2HH", postcode_index_path)
    with pytest.raises(AttributeError):
        location.council_code = "E09000033"


def test_locate_uses_the_apps_configured_index_inside_an_app_context(postcode_index_path, tmp_path):
    from flask import Flask

    app = Flask(__name__)
    app.config["POSTCODE_INDEX_PATH"] = postcode_index_path
    with app.app_context():
        assert locate("S1 2HH").council_code == "E08000039"
