"""Share links carry their source; what comes back is checked before it is stored."""

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from campaign.petitions.sharing import (
    Attribution,
    attribution_from,
    new_share_code,
    share_links,
)

URL = "https://beststart.example/petitions/save-our-centres"


def test_every_channel_shares_a_link_tagged_with_that_channel_and_the_referrer():
    links = {link.source: link for link in share_links(URL, "save-our-centres", "Save", "AbCd1234")}
    assert list(links) == ["whatsapp", "email", "facebook", "x", "bluesky", "link"]
    for source, link in links.items():
        query = parse_qs(urlsplit(link.url).query)
        assert query == {
            "source": [source],
            "utm_source": [source],
            "utm_medium": ["share"],
            "utm_campaign": ["save-our-centres"],
            "ref": ["AbCd1234"],
        }
        assert link.url in unquote(link.href)
    assert links["whatsapp"].href.startswith("https://wa.me/?text=")
    assert links["email"].href.startswith("mailto:?subject=Save&body=")
    assert links["facebook"].href.startswith("https://www.facebook.com/sharer/sharer.php?u=")
    assert links["x"].href.startswith("https://x.com/intent/post?text=")
    assert links["bluesky"].href.startswith("https://bsky.app/intent/compose?text=")
    assert links["link"].href == links["link"].url


def test_links_before_confirmation_carry_no_referrer():
    for link in share_links(URL, "save-our-centres", "Save"):
        assert "ref" not in parse_qs(urlsplit(link.url).query)


def test_attribution_is_read_from_source_or_utm_source():
    assert attribution_from(
        {
            "source": "WhatsApp",
            "utm_medium": "share",
            "utm_campaign": "spring 2026",
            "ref": "AbCd1234",
        }
    ) == Attribution("whatsapp", "share", "spring 2026", "AbCd1234")
    assert attribution_from({"utm_source": "newsletter"}).source == "newsletter"


@pytest.mark.parametrize(
    "values",
    [
        {"source": "<script>"},
        {"source": "x" * 41},
        {"source": ["whatsapp"]},
        {"ref": "short"},
        {"ref": "has spaces!"},
        {"utm_campaign": "\u202e"},
    ],
)
def test_anything_unlike_what_we_hand_out_is_dropped(values):
    assert attribution_from(values) == Attribution()


def test_share_codes_are_random_and_fit_the_column():
    codes = {new_share_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(code) == 12 for code in codes)
    assert attribution_from({"ref": next(iter(codes))}).referrer_code in codes
