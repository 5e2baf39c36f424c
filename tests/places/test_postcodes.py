import pytest

from campaign.places.postcodes import lookup, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("  sw1a   1aa  ", "SW1A 1AA"),
        ("s12hh", "S1 2HH"),
        ("M1 1AE", "M1 1AE"),
        ("b601aa", "B60 1AA"),
        ("EC1A1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("cf10 1ep", "CF10 1EP"),
        ("SW1A\u00a01AA", "SW1A 1AA"),  # a non-breaking space pasted from a web page
        ("\uff33\uff37\uff11\uff21\uff11\uff21\uff21", "SW1A 1AA"),  # full-width characters
        ("GIR0AA", "GIR 0AA"),
        ("npt 0va", "NPT 0VA"),  # old Newport postcodes the directory still lists
    ],
)
def test_normalise_forgives_case_and_spacing_and_returns_the_standard_form(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "SW1A",
        "1AA",
        "SW1A 1A",
        "SW1A 1AAA",
        "SW1A-1AA",
        "SW1A.1AA",
        "S1\t2HH",
        "S1\n2HH",
        "S1 2HH\x00",
        "S1\x1b2HH",
        "<script>",
        "S1 2HH'; DROP TABLE",
        "QA1 1AA",  # Q never starts a postcode
        "ZZ1 1ZZ",  # Z is never second
        "SW1A 1CA",  # C is never in the inward code
        "GIR 1AA",
        "S1 2HH" + " " * 20,  # overlong
        "x" * 10_000,
        "S\u04262HH",  # a Cyrillic letter
        "١٢٣",  # Arabic-Indic digits
    ],
)
def test_normalise_rejects_anything_not_shaped_like_a_uk_postcode(raw):
    assert normalise(raw) is None


@pytest.mark.parametrize("raw", [None, 12345, b"S1 2HH", ["S1 2HH"]])
def test_normalise_rejects_values_that_are_not_text(raw):
    assert normalise(raw) is None


def test_lookup_returns_the_directory_entry_for_a_real_postcode(postcode_index_path):
    entry = lookup("S1 2HH", postcode_index_path)
    assert entry is not None
    assert (entry.district_code, entry.easting, entry.northing) == ("E08000039", 435359, 387191)


def test_lookup_returns_none_for_a_well_formed_postcode_not_in_the_directory(
    postcode_index_path,
):
    assert lookup("SW1A 9ZZ", postcode_index_path) is None


def test_lookup_keeps_non_geographic_postcodes_with_no_district(postcode_index_path):
    entry = lookup("M1 9FN", postcode_index_path)
    assert entry is not None
    assert entry.district_code is None
