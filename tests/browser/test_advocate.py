"""A local advocate finds their council by postcode, downloads the booklet and has it emailed."""

import re

from campaign.petitions.demo import load_demo
from campaign.places import loaders
from tests.browser.journey import link_in, mails_to


def test_advocate_finds_their_council_downloads_and_emails_the_booklet(app, journey):
    loaders.load_all()
    load_demo()
    page = journey.page
    journey.goto("/")
    page.get_by_label("Your postcode", exact=True).fill("s1 2hh")
    page.get_by_role("button", name="Find your council").click()
    assert page.url.split("?")[0].endswith("/local/E08000039")
    assert "Sheffield" in page.locator("h1").inner_text()
    journey.step("council-page")
    # Chart text stays readable at either width: the phone gets its own drawing.
    heights = page.evaluate(
        "[...document.querySelectorAll('.chart-svg text')]"
        ".filter(t => t.getClientRects().length)"
        ".map(t => t.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 10, min(heights)

    page.get_by_label("Your name (optional)", exact=True).first.fill("Sam Advocate")
    with page.expect_response(re.compile(r"/booklet\.pdf\?"), timeout=60_000) as booklet:
        page.get_by_role("button", name="Download the booklet (PDF)").click()
    response = booklet.value
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert "defend-your-local-services-sheffield" in response.headers["content-disposition"]
    assert "name=Sam+Advocate" in response.url
    # Chromium shows it in its PDF viewer; the bytes it was sent are the booklet.
    pdf = page.request.get(response.url).body()
    assert pdf.startswith(b"%PDF")
    (journey.folder / "booklet.pdf").write_bytes(pdf)
    assert len(pdf) > 20_000
    journey.goto("/local/E08000039")

    page.get_by_text("Or email me a link to it").click()
    page.get_by_label("Email address", exact=True).fill("sam@example.org")
    journey.step("booklet-email-form", full_page=False)
    page.get_by_role("button", name="Email me the link").click()
    journey.step("booklet-email-sent")
    assert "email" in page.locator("h1").inner_text().lower()

    (message,) = mails_to(app, "sam@example.org")
    link = link_in(message, "/booklet")
    response = page.request.get(link)
    assert response.ok and response.body().startswith(b"%PDF")
