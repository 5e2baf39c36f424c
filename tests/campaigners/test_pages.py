"""Every campaigners' page: a title, one h1, and a label for every field a person fills in."""

from html.parser import HTMLParser

import pytest

from tests.campaigners.helpers import add_signature, signed_in
from tests.factories import make_campaign


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.h1 = 0
        self.fields: list[str] = []
        self.labels: set[str] = set()
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title" and not self.title:  # the page's, not an SVG chart's
            self._in_title = True
        elif tag == "h1":
            self.h1 += 1
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
        ):
            self.fields.append(attrs.get("id") or "(no id)")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


PAGES = [
    "/campaigners/",
    "/campaigners/campaigns/new",
    "/campaigners/campaigns/{id}",
    "/campaigners/campaigns/{id}/edit",
    "/campaigners/campaigns/{id}/preview",
    "/campaigners/campaigns/{id}/wording",
    "/campaigners/campaigns/{id}/exports",
    "/campaigners/campaigns/{id}/invalidate",
    "/campaigners/campaigns/{id}/invalidate?ip_address=198.51.100.1",
    "/campaigners/campaigns/{id}/updates",
    "/campaigners/audit",
    "/campaigners/reports",
    "/campaigners/password",
    "/campaigners/accounts/",
]


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_a_title_a_heading_and_labelled_fields(app, client, path):
    signed_in(client, "admin@example.org", role="admin")
    campaign = make_campaign()
    add_signature(campaign, "Ann One")
    response = client.get(path.format(id=campaign.id))
    assert response.status_code == 200
    page = _Page()
    page.feed(response.get_data(as_text=True))
    assert page.title.strip().endswith("Best Start")
    assert page.h1 == 1
    unlabelled = [field for field in page.fields if field not in page.labels]
    # The disabled consent checkboxes in the preview are labelled too, so no exceptions.
    assert unlabelled == []


def test_the_sign_in_page_has_labelled_fields(client):
    page = _Page()
    page.feed(client.get("/campaigners/sign-in").get_data(as_text=True))
    assert page.fields == ["email", "password"] and set(page.fields) <= page.labels
