import pytest

from campaign.places import councils


def test_england_has_153_councils_responsible_for_childrens_services():
    english = councils.english_councils()
    assert len(english) == 153
    assert all(c.nation == "england" and c.la_number and c.region for c in english)


@pytest.mark.parametrize(
    ("district", "council_code", "la_number"),
    [
        ("E07000234", "E10000034", "885"),  # Bromsgrove -> Worcestershire
        ("E08000039", "E08000039", "373"),  # Sheffield (2025 code)
        ("E08000038", "E08000038", "370"),  # Barnsley (2025 code)
        ("E06000064", "E06000064", "943"),  # Westmorland and Furness
        ("E06000065", "E06000065", "815"),  # North Yorkshire
        ("E06000066", "E06000066", "933"),  # Somerset
    ],
)
def test_english_district_maps_to_its_upper_tier_council_with_dfe_number(
    district, council_code, la_number
):
    council = councils.council_for_district(district)
    assert (council.code, council.la_number) == (council_code, la_number)


@pytest.mark.parametrize(
    ("district", "name", "nation"),
    [
        ("W06000015", "Cardiff", "wales"),
        ("S12000036", "City of Edinburgh", "scotland"),
        ("N09000003", "Belfast", "northern_ireland"),
    ],
)
def test_devolved_councils_are_named_from_the_register(district, name, nation):
    council = councils.council_for_district(district)
    assert (council.name, council.nation, council.la_number) == (name, nation, None)


@pytest.mark.parametrize("district", [None, "", "L99999999", "M99999999", "E07999999", "X1"])
def test_codes_outside_any_council_give_none(district):
    assert councils.council_for_district(district) is None


def test_old_codes_of_abolished_councils_are_not_current():
    assert councils.council("E10000006") is None  # Cumbria, abolished 2023
    assert councils.council("E08000019") is None  # Sheffield's pre-2025 code


def test_council_by_its_own_code():
    assert councils.council("E10000034").name == "Worcestershire"
    assert councils.council("W06000015").region == "Wales"
    assert councils.council("") is None
