import pytest

from campaign.core.email_addresses import (
    NOT_AN_ADDRESS,
    TOO_LONG,
    EmailAddressError,
    canonical_email,
    checked_email,
)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Ada@Example.org", "ada@example.org"),
        ("  ada@example.org  ", "ada@example.org"),
        ("ada+petitions@example.org", "ada@example.org"),
        ("a.d.a@gmail.com", "ada@gmail.com"),
        ("A.D.A+sure.start@GMAIL.com", "ada@gmail.com"),
        ("ada@googlemail.com", "ada@gmail.com"),
        ("a.da@example.org", "a.da@example.org"),  # dots matter outside Gmail
        ("ada-news@yahoo.co.uk", "ada@yahoo.co.uk"),
        ("ada-news@example.org", "ada-news@example.org"),  # "-" is a tag only at Yahoo
        ("+tagonly@example.org", "+tagonly@example.org"),
    ],
)
def test_canonical_email_applies_case_tag_and_per_domain_rules(typed, canonical):
    assert canonical_email(typed) == canonical


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("not-an-email", NOT_AN_ADDRESS),
        ("ada@", NOT_AN_ADDRESS),
        ("a" * 250 + "@example.org", TOO_LONG),
    ],
)
def test_a_bad_address_gets_one_of_the_plain_english_messages(raw, message):
    with pytest.raises(EmailAddressError) as caught:
        checked_email(raw)
    assert str(caught.value) == message


def test_a_good_address_comes_back_trimmed_and_normalised():
    assert checked_email("  ada@EXAMPLE.org ") == "ada@example.org"


@pytest.mark.parametrize("domain", ["hotmail.co.uk", "live.co.uk"])
def test_microsoft_uk_domains_keep_their_dots_and_their_own_domain(domain):
    assert canonical_email(f"A.da+x@{domain.upper()}") == f"a.da@{domain}"
