"""Shared links look right: Open Graph and Twitter card tags, a drawn image with the live count,
and a favicon."""

import io
import re

from PIL import Image

from campaign.petitions.demo import load_demo
from tests.petitions.helpers import link_from, sent_mail, sign

SLUG = "best-start-in-life"


def _meta(page: str, attribute: str, name: str) -> str:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    assert match, f"no {name}"
    return match.group(1)


def test_a_petition_page_carries_open_graph_and_twitter_card_tags(app, client):
    load_demo()
    page = client.get(f"/petitions/{SLUG}").get_data(as_text=True)
    assert _meta(page, "property", "og:title").startswith("Give every child the best start")
    assert _meta(page, "property", "og:url") == f"http://localhost/petitions/{SLUG}"
    assert _meta(page, "property", "og:image") == f"http://localhost/petitions/{SLUG}/share.png?v=0"
    assert _meta(page, "property", "og:image:width") == "1200"
    assert "0 people have signed" in _meta(page, "property", "og:image:alt")
    assert _meta(page, "name", "twitter:card") == "summary_large_image"
    assert _meta(page, "name", "twitter:image") == _meta(page, "property", "og:image")
    assert _meta(page, "name", "description").startswith("We call on the Secretary of State")


def test_the_share_image_is_drawn_on_the_server_and_follows_the_count(app, client):
    load_demo()
    first = client.get(f"/petitions/{SLUG}/share.png")
    assert first.status_code == 200 and first.mimetype == "image/png"
    assert "max-age=300" in first.headers["Cache-Control"]
    image = Image.open(io.BytesIO(first.data))
    assert image.size == (1200, 630)
    # The same count draws the same picture (from the cache); a new signature changes it.
    assert client.get(f"/petitions/{SLUG}/share.png").data == first.data
    sign(client, SLUG)
    client.post(link_from(sent_mail(app)[0], "confirm"))
    page = client.get(f"/petitions/{SLUG}").get_data(as_text=True)
    assert f"/petitions/{SLUG}/share.png?v=1" in page
    assert "1 person has signed" in page
    assert client.get(f"/petitions/{SLUG}/share.png").data != first.data


def test_a_draft_or_unknown_petition_has_no_share_image(client):
    assert client.get("/petitions/no-such-petition/share.png").status_code == 404


def test_every_page_names_a_favicon_and_the_browser_default_path_serves_one(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    for path in ("/favicon.ico", "/static/favicon.svg", "/static/apple-touch-icon.png"):
        with client.get(path) as response:
            assert response.status_code == 200, path
            if path == "/favicon.ico":
                assert Image.open(io.BytesIO(response.data)).format == "ICO"
