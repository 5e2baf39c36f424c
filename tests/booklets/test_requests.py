import pytest

from campaign.booklets.requests import (
    MAX_NAME_LENGTH,
    BookletRequestError,
    clean_name,
    clean_petition_slug,
    count_bucket,
)


@pytest.mark.parametrize(
    "raw, printed",
    [
        (None, ""),
        ("", ""),
        ("  Amira   Khan ", "Amira Khan"),
        ("<b>Amira</b>", "<b>Amira</b>"),
        ("Zoë\u200b Brontë", "Zoë Brontë"),
        ("Ali\u202eevil", "Alievil"),
        ("Line\nbreak\tname", "Line break name"),
        ("Łucja Żółć", "Łucja Żółć"),
    ],
)
def test_names_are_tidied_but_markup_is_kept_as_text_to_be_escaped(raw, printed):
    assert clean_name(raw) == printed


@pytest.mark.parametrize("length", [MAX_NAME_LENGTH + 1, 10_000, 1_000_000])
def test_a_name_too_long_for_the_cover_is_refused_with_its_length_and_the_limit(length):
    with pytest.raises(BookletRequestError) as raised:
        clean_name("a" * length)
    assert raised.value.status == 400
    assert f"{length:,} characters" in raised.value.message
    assert f"at most {MAX_NAME_LENGTH} characters" in raised.value.message


@pytest.mark.parametrize("name", ["محمد", "שלום", "Ωμέγα", "Дмитрий", "Łucja Żółć", "Nguyễn"])
def test_names_in_scripts_the_bundled_fonts_cover_are_accepted(name):
    assert clean_name(name) == name


@pytest.mark.parametrize("name, shown", [("李小龍", "李 小 龍"), ("Amy 👶", "👶")])
def test_a_name_the_bundled_fonts_cannot_print_is_refused_naming_the_characters(name, shown):
    with pytest.raises(BookletRequestError) as raised:
        clean_name(name)
    assert raised.value.status == 400
    assert f"We cannot print {shown} in your name" in raised.value.message


def test_a_name_of_exactly_the_limit_is_accepted():
    assert clean_name("a" * MAX_NAME_LENGTH) == "a" * MAX_NAME_LENGTH


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_no_petition_slug_means_the_default_petition(raw):
    assert clean_petition_slug(raw) is None


@pytest.mark.parametrize("raw", ["../etc/passwd", "<script>", "a" * 200, "slug with spaces"])
def test_impossible_petition_slugs_are_not_found(raw):
    with pytest.raises(BookletRequestError) as raised:
        clean_petition_slug(raw)
    assert raised.value.status == 404


@pytest.mark.parametrize(
    "count, bucket",
    [(0, 0), (1, 1), (19, 19), (20, 20), (87, 85), (345, 340), (1234, 1200), (98765, 98000)],
)
def test_signature_counts_are_rounded_down_so_at_least_stays_true(count, bucket):
    assert count_bucket(count) == bucket
    assert bucket <= count
