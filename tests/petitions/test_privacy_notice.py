"""The privacy notice names the data controller, how to reach them, how long data is kept, and
each right with how to use it."""

import pytest


@pytest.fixture
def notice(app, client):
    app.config["ORGANISATION_NAME"] = "Best Start Campaign Ltd"
    app.config["ORGANISATION_EMAIL"] = "privacy@example.org"
    app.config["ORGANISATION_DEMO"] = False
    return client.get("/privacy").get_data(as_text=True)


def test_the_notice_names_the_controller_and_how_to_reach_them(notice):
    assert "Best Start Campaign Ltd" in notice
    assert "it is the controller" in notice
    assert "mailto:privacy@example.org" in notice


def test_the_notice_says_how_long_data_is_kept_from_the_settings(notice):
    assert "180 days after the petition closes" in notice
    assert "within\n    7 days" in notice or "within 7 days" in notice


@pytest.mark.parametrize(
    "right",
    [
        "To stop updates",
        "To withdraw your consent",
        "To see what we hold about you",
        "To have it deleted",
        "To have it corrected",
        "To object or ask us to restrict",
        "To complain",
    ],
)
def test_every_right_is_named_with_how_to_use_it(notice, right):
    assert f"<strong>{right}" in notice
