"""The petition page as a visitor meets it (the browser journeys check it at 390 and 1,280 px)."""

import re

from campaign.petitions.demo import load_demo
from tests.petitions.helpers import sign

SLUG = "best-start-in-life"


def _page(client) -> str:
    load_demo()
    return client.get(f"/petitions/{SLUG}").get_data(as_text=True)


def test_the_form_comes_before_the_petition_text_and_the_data_link_comes_last(client):
    page = _page(client)
    form = page.index('id="sign"')
    assert form < page.index("The 1,001 days from pregnancy")
    assert page.index("these counts as data (JSON)") > page.index("What is happening in your area?")


def test_country_is_behind_a_closed_details_element_until_it_is_needed(client):
    page = _page(client)
    assert re.search(
        r'<details class="outside-uk">\s*<summary>I live outside the UK</summary>', page
    )
    reopened = sign(client, SLUG, postcode="", outside_uk="y", country="").get_data(as_text=True)
    assert '<details class="outside-uk" open>' in reopened
    assert "Enter the country you live in" in reopened


def test_the_wording_says_each_thing_once(client):
    page = _page(client)
    assert "(opens in this tab)" not in page
    assert page.lower().count("unsubscribe at any time") == 1


def test_a_failed_submission_opens_at_the_error_summary_not_half_way_down(client):
    load_demo()
    page = sign(client, SLUG, email="").get_data(as_text=True)
    assert 'action="/petitions/best-start-in-life/signatures"' in page  # no #sign fragment
    assert page.index('class="error-summary"') < page.index("<h1>")


def test_public_pages_carry_no_inline_script_or_style(client):
    load_demo()
    for path in ("/", f"/petitions/{SLUG}", "/privacy", f"/petitions/{SLUG}/thank-you"):
        page = client.get(path).get_data(as_text=True)
        assert "<script" not in page and "<style" not in page, path
        assert " style=" not in page, path
