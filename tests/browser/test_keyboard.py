"""Signing with the keyboard alone: every control is reached in order and shows where focus is."""

import time

from campaign.petitions.demo import load_demo
from tests.browser.journey import link_in, mails_to


def _tab_to(page, element_id: str, limit: int = 40) -> list[str]:
    """Press Tab until the element has focus; returns what focus passed through."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id || document.activeElement.tagName")
        passed.append(focused)
        if focused == element_id:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
            assert outline != "none" or shadow != "none", f"no visible focus on #{element_id}"
            return passed
    raise AssertionError(f"Tab never reached #{element_id}: {passed}")


def test_a_supporter_signs_with_the_keyboard_alone(app, journey):
    load_demo()
    page = journey.page
    journey.goto("/petitions/best-start-in-life")
    opened = time.monotonic()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    journey.step("keyboard-skip-link", full_page=False)
    page.keyboard.press("Enter")
    passed = _tab_to(page, "name")
    assert len(passed) <= 3, f"the form should come first in the main content: {passed}"
    page.keyboard.type("Katherine Johnson")
    _tab_to(page, "email", limit=1)
    page.keyboard.type("katherine@example.org")
    _tab_to(page, "postcode", limit=1)
    page.keyboard.type("S1 2HH")
    _tab_to(page, "privacy", limit=3)  # past "I live outside the UK", which stays closed
    page.keyboard.press("Space")
    assert page.is_checked("#privacy")
    _tab_to(page, "email_updates", limit=2)
    journey.step("keyboard-filled", full_page=False)
    for _box in range(2):  # the demo coalition's two partner opt-ins, left unticked
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id").startswith("partner_")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Sign this petition"
    journey.wait_out_fill_time(opened)
    page.keyboard.press("Enter")
    page.wait_for_url("**/thank-you")
    journey.step("keyboard-thank-you")

    (message,) = mails_to(app, "katherine@example.org")
    journey.goto(link_in(message, "/confirm/"))
    _tab_to(page, "confirm-button")
    # The button posts to the same address, so wait for the new heading rather than a new URL.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "confirmed" in page.locator("h1").inner_text().lower()
    journey.step("keyboard-confirmed")


def test_the_country_question_opens_from_the_keyboard(app, journey):
    load_demo()
    page = journey.page
    journey.goto("/petitions/best-start-in-life")
    _tab_to(page, "postcode")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    _tab_to(page, "outside_uk", limit=1)
    page.keyboard.press("Space")
    _tab_to(page, "country", limit=1)
    page.keyboard.type("Ireland")
    assert page.is_checked("#outside_uk")
    journey.step("keyboard-country", full_page=False)
