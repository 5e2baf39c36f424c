"""A campaigner signs in, exports, closes a campaign (after confirming) and reopens it."""

import csv
import io
import re

from campaign.extensions import db
from campaign.models import Campaign
from campaign.petitions.demo import load_demo
from tests.campaigners.helpers import PASSWORD, add_signature, make_account


def test_campaigner_signs_in_exports_closes_and_reopens(app, journey):
    load_demo()
    petition = db.session.query(Campaign).filter_by(slug="best-start-in-life").one()
    add_signature(petition, "Ann One")
    add_signature(petition, "Bob Two", council=("E06000052", "Cornwall"), postcode="TR1 1AA")
    make_account("organiser@example.org")
    page = journey.page

    journey.goto("/campaigners/")
    journey.step("sign-in")
    page.get_by_label("Email address", exact=True).fill("organiser@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("heading", name="Campaigns").is_visible()
    journey.step("campaigns")
    # The table fits the screen: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= journey.width

    page.get_by_role("link", name=re.compile("Give every child")).click()
    journey.step("dashboard")
    # The charts fit the screen and their words stay readable at either width.
    boxes = page.evaluate(
        "[...document.querySelectorAll('.chart-svg text')]"
        ".filter(t => t.getClientRects().length)"
        ".map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right, r.height]; })"
    )
    assert boxes and min(left for left, _, _ in boxes) >= 0
    assert max(right for _, right, _ in boxes) <= journey.width
    assert min(height for _, _, height in boxes) >= 10
    page.get_by_role("link", name="Exports").click()
    journey.step("exports")
    with page.expect_download() as download:
        page.locator("a", has_text="CSV").first.click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text())))
    assert len(rows) == 3, rows  # a header and the two councils
    with page.expect_download() as pack:
        page.get_by_role("link", name=re.compile("Hand-in pack")).click()
    assert pack.value.path().read_bytes().startswith(b"%PDF")
    pack.value.save_as(journey.folder / "hand-in-pack.pdf")
    page.get_by_role("link", name=re.compile("^Back to")).click()

    page.get_by_role("link", name="Close…").click()
    journey.step("close-asks-first")
    assert "Close this campaign?" in page.locator("h1").inner_text()
    page.get_by_role("link", name="No, keep it open").click()
    db.session.expire_all()
    assert db.session.get(Campaign, petition.id).state == "open"
    page.get_by_role("link", name="Close…").click()
    page.get_by_role("button", name="Yes, close the campaign").click()
    journey.step("closed")
    assert "no more signatures" in page.locator(".flash").inner_text()

    journey.goto("/petitions/best-start-in-life")
    assert "is closed" in page.locator(".sign-panel").inner_text()
    journey.step("public-page-closed")
    page.go_back()
    page.get_by_role("button", name="Reopen for signatures").click()
    assert "open again" in page.locator(".flash").inner_text()
    journey.step("reopened")
    journey.goto("/petitions/best-start-in-life")
    assert page.get_by_role("button", name="Sign this petition").is_visible()
