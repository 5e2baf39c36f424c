"""The constituencies covering a council, measured by the council's postcodes in each."""

from campaign.places.council_constituencies import coverage


def test_sheffield_is_covered_by_six_constituencies_largest_share_first(postcode_index_path):
    covered = coverage("E08000039", postcode_index_path)
    assert [c.constituency_code for c in covered][:1] == ["E14001467"]  # Sheffield Central
    assert len(covered) == 6
    assert abs(sum(c.share for c in covered) - 1) < 1e-9
    assert [c.postcodes for c in covered] == sorted((c.postcodes for c in covered), reverse=True)


def test_westmorland_and_furness_is_mostly_westmorland_and_lonsdale(postcode_index_path):
    covered = coverage("E06000064", postcode_index_path)
    assert covered[0].constituency_code == "E14001580"
    assert 0.3 < covered[0].share < 0.6


def test_an_unknown_council_is_covered_by_nothing(postcode_index_path):
    assert coverage("E99999999", postcode_index_path) == []
