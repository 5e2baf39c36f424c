"""/petitions and /petitions.json: open and closed campaigns, searched and paginated."""

from datetime import date

import pytest

from campaign.petitions import outcomes
from tests.campaigners.helpers import add_signature
from tests.factories import make_campaign


@pytest.fixture
def several(app):
    centres = make_campaign(
        "save-centres", title="Save our children's centres", topic="Children's centres"
    )
    add_signature(centres, "Ada Lovelace")
    closed = make_campaign(
        "fund-health-visitors",
        title="Fund health visitors",
        summary="More health visitors.",
        target="Secretary of State for Health",
        topic="Health visiting",
        state="closed",
    )
    add_signature(closed, "Mary Seacole")
    add_signature(closed, "Florence Nightingale")
    outcomes.record_response(
        closed, "the Department of Health", date(2026, 4, 2), "We will consider it.", "c@x"
    )
    make_campaign("secret-draft", title="A draft about centres", state="draft")
    return centres, closed


def _slugs(client, query: str = "") -> list[str]:
    data = client.get(f"/petitions.json{query}").get_json()
    return [item["slug"] for item in data["items"]]


def test_every_public_campaign_is_listed_and_drafts_never_are(client, several):
    assert sorted(_slugs(client)) == ["fund-health-visitors", "save-centres"]
    page = client.get("/petitions").get_data(as_text=True)
    assert "Fund health visitors" in page and "A draft about centres" not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?state=open", ["save-centres"]),
        ("?state=closed", ["fund-health-visitors"]),
        ("?q=CENTRES", ["save-centres"]),
        ("?q=health+visitors", ["fund-health-visitors"]),
        ("?q=100%25", []),
        ("?target=Secretary+of+State+for+Health", ["fund-health-visitors"]),
        ("?topic=Children%27s+centres", ["save-centres"]),
        ("?topic=Children%27s+centres&state=closed", []),
    ],
)
def test_the_list_filters_by_state_words_target_and_topic(client, several, query, expected):
    assert _slugs(client, query) == expected


def test_the_archive_shows_the_final_count_and_the_response(client, several):
    page = client.get("/petitions?state=closed").get_data(as_text=True)
    assert "Closed petitions and their responses" in page
    assert "<strong>2</strong>" in page and "signatures in all" in page
    assert "Response from the Department of Health" in page and "We will consider it." in page


def test_each_json_item_carries_the_petition_json_fields(client, several):
    centres, closed = several
    listed = client.get("/petitions.json?state=closed").get_json()["items"][0]
    single = client.get(f"/petitions/{closed.slug}.json").get_json()
    # updated_at is when the count last changed, read afresh for each request.
    assert {**listed, "updated_at": None} == {**single, "updated_at": None}
    assert listed["signature_count"] == 2 and listed["response"]["text"] == "We will consider it."


def test_the_json_is_paginated_with_links(client, app):
    for n in range(5):
        make_campaign(f"campaign-{n}", title=f"Campaign {n}")
    first = client.get("/petitions.json?per_page=2").get_json()
    assert (first["total"], first["pages"], first["page"]) == (5, 3, 1)
    assert first["previous"] is None
    assert first["next"] == "http://localhost/petitions.json?per_page=2&page=2"
    last = client.get("/petitions.json?per_page=2&page=3").get_json()
    assert len(last["items"]) == 1 and last["next"] is None
    seen = _slugs(client, "?per_page=2") + _slugs(client, "?per_page=2&page=2")
    assert len(set(seen + [i["slug"] for i in last["items"]])) == 5
    page = client.get("/petitions?per_page=2&page=2").get_data(as_text=True)
    assert "Page 2 of 3" in page and 'rel="next"' in page and 'rel="prev"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?page=0", "The page must be a whole number from 1"),
        ("?page=abc", "The page must be a whole number from 1"),
        ("?per_page=500", "per_page must be a whole number from 1 to 50"),
        ("?state=maybe", "Choose open, closed or all petitions"),
    ],
)
def test_bad_parameters_get_a_clear_message_not_a_server_error(client, app, query, message):
    data = client.get(f"/petitions.json{query}")
    assert data.status_code == 400 and message in data.get_data(as_text=True)
    page = client.get(f"/petitions{query}")
    assert page.status_code == 400 and message in page.get_data(as_text=True)
    assert "There is a problem" in page.get_data(as_text=True)
