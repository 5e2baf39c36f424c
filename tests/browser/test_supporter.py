"""A supporter signs from a shared link, confirms by email and sees the count go up."""

import re
import time

import pytest

from campaign.petitions.demo import load_demo
from tests.browser.journey import link_in, mails_to

SLUG = "best-start-in-life"


@pytest.fixture
def petition(app):
    load_demo()


def _fill(journey, name, email, postcode="S1 2HH"):
    page = journey.page
    page.get_by_label("Full name", exact=True).fill(name)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Postcode", exact=True).fill(postcode)
    page.get_by_label(re.compile("I agree that")).check()


def _count(journey) -> int:
    return int(journey.page.locator(".big-number").inner_text().replace(",", ""))


def _words(text: str | None) -> str:
    # The page's words, not how the browser happened to wrap them (innerText follows layout).
    return " ".join((text or "").split())


def test_supporter_signs_confirms_and_the_count_goes_up(app, petition, journey):
    page = journey.page
    journey.goto("/")
    journey.step("home")
    page.get_by_role("link", name=re.compile("Give every child")).click()
    opened = time.monotonic()
    journey.step("petition")
    assert _count(journey) == 0
    # On a phone the form is on the first screens, not below the whole petition text.
    assert page.locator("#sign").bounding_box()["y"] < 900
    _fill(journey, "Grace Hopper", "grace@example.org")
    journey.step("petition-filled", full_page=False)
    journey.wait_out_fill_time(opened)
    page.get_by_role("button", name="Sign this petition").click()
    assert "/thank-you" in page.url
    journey.step("thank-you")
    thanks = _words(page.locator("main").text_content())

    (message,) = mails_to(app, "grace@example.org")
    journey.goto(link_in(message, "/confirm/"))
    journey.step("confirm-link-opened")
    page.get_by_role("button", name=re.compile("Confirm")).click()
    journey.step("confirmed")
    assert "confirmed" in page.locator("h1").inner_text().lower()

    # Counts are cached for 2 seconds: within a few the new signature shows.
    deadline = time.monotonic() + 6
    journey.goto(f"/petitions/{SLUG}")
    while _count(journey) != 1 and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        journey.goto(f"/petitions/{SLUG}")
    assert _count(journey) == 1
    assert "1 person has signed" in page.locator(".tally").inner_text()
    journey.step("count-went-up")

    # Signing again with the same email shows exactly the same page.
    opened = time.monotonic()
    _fill(journey, "Grace Hopper", "Grace@Example.org")
    journey.wait_out_fill_time(opened)
    page.get_by_role("button", name="Sign this petition").click()
    assert "/thank-you" in page.url
    assert _words(page.locator("main").text_content()) == thanks
    journey.step("duplicate-thank-you")
    # Behind it: confirmation, thanks, then "you have already signed", and no second signature.
    subjects = [m["Subject"] for m in mails_to(app, "grace@example.org")]
    assert len(subjects) == 3 and "already signed" in subjects[-1].lower(), subjects
    journey.goto(f"/petitions/{SLUG}")
    assert _count(journey) == 1


def test_an_error_is_shown_first_and_fixed(app, petition, journey):
    page = journey.page
    journey.goto(f"/petitions/{SLUG}")
    opened = time.monotonic()
    page.get_by_label("Full name", exact=True).fill("Grace Hopper")
    page.get_by_label("Email address", exact=True).fill("grace@example")
    page.get_by_label("Postcode", exact=True).fill("ZZ99 9ZZ")
    journey.wait_out_fill_time(opened)
    page.get_by_role("button", name="Sign this petition").click()
    summary = page.locator(".error-summary")
    assert journey.in_view(".error-summary"), "the error summary must be the first thing seen"
    messages = summary.inner_text()
    assert "correct format" in messages
    assert "ZZ99 9ZZ" in messages or "real UK postcode" in messages
    assert "privacy notice" in messages
    assert page.title().startswith("Error:")
    journey.step("errors-shown", full_page=False)
    journey.step("errors-shown-whole-page")

    # The summary's links take the visitor to each field; what they typed is kept.
    summary.get_by_role("link", name=re.compile("correct format")).click()
    assert page.get_by_label("Email address", exact=True).input_value() == "grace@example"
    opened = time.monotonic()
    page.get_by_label("Email address", exact=True).fill("grace@example.org")
    page.get_by_label("Postcode", exact=True).fill("S1 2HH")
    page.get_by_label(re.compile("I agree that")).check()
    journey.wait_out_fill_time(opened)
    page.get_by_role("button", name="Sign this petition").click()
    assert "/thank-you" in page.url
    journey.step("fixed-thank-you")
    assert mails_to(app, "grace@example.org")


def test_a_submission_that_was_too_quick_says_so_beside_the_button(app, petition, journey):
    page = journey.page
    journey.goto(f"/petitions/{SLUG}")
    _fill(journey, "Grace Hopper", "grace@example.org")
    page.get_by_role("button", name="Sign this petition").click()
    assert journey.in_view(".error-summary")
    assert "That was quick" in page.locator(".error-summary").inner_text()
    inline = page.locator("#sign-notice")
    assert "That was quick" in inline.inner_text()
    journey.step("too-quick", full_page=False)
    # Everything typed is still there; pressing again after a moment signs.
    assert page.get_by_label("Email address", exact=True).input_value() == "grace@example.org"
    page.wait_for_timeout(3200)
    page.get_by_role("button", name="Sign this petition").click()
    assert "/thank-you" in page.url
    journey.step("too-quick-then-signed")


def test_a_supporter_outside_the_uk_opens_the_country_question(app, petition, journey):
    page = journey.page
    journey.goto(f"/petitions/{SLUG}")
    opened = time.monotonic()
    assert not page.get_by_label("Country", exact=True).is_visible(), (
        "Country is asked only when needed"
    )
    page.get_by_label("Full name", exact=True).fill("Amélie Dupont")
    page.get_by_label("Email address", exact=True).fill("amelie@example.fr")
    page.get_by_text("I live outside the UK").first.click()
    page.get_by_label("Yes, I live outside the UK", exact=True).check()
    page.get_by_label("Country", exact=True).fill("France")
    page.get_by_label(re.compile("I agree that")).check()
    journey.step("outside-uk-open", full_page=False)
    journey.wait_out_fill_time(opened)
    page.get_by_role("button", name="Sign this petition").click()
    assert "/thank-you" in page.url
    journey.step("outside-uk-thank-you")
