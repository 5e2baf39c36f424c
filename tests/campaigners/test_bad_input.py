"""Nothing a campaigner types gets a server error: NUL and control characters included."""

import pytest

from tests.campaigners.helpers import csrf_free, signed_in
from tests.factories import make_campaign

CAMPAIGN = {
    "title": "T",
    "slug": "t",
    "kind": "petition",
    "target": "X",
    "summary": "",
    "body": "",
    "goal": "0",
    "opens_at": "",
    "closes_at": "",
}


@pytest.fixture
def admin(app, client):
    csrf_free(app)
    return signed_in(client, "admin@example.org", role="admin")


@pytest.mark.parametrize("bad", ["nul\x00here", "bell\x07"])
@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("/campaigners/campaigns/new", CAMPAIGN, "body"),
        ("/campaigners/campaigns/new", CAMPAIGN, "summary"),
        (
            "/campaigners/campaigns/{id}/wording",
            {"privacy_text": "p", "updates_text": "u"},
            "privacy_text",
        ),
        (
            "/campaigners/campaigns/{id}/exports/signers",
            {"format": "csv", "everyone": "y", "purpose": "a long enough purpose"},
            "purpose",
        ),
        (
            "/campaigners/campaigns/{id}/invalidate",
            {"ip_address": "203.0.113.1", "expected": "0", "reason": "r"},
            "reason",
        ),
        (
            "/campaigners/campaigns/{id}/updates",
            {"subject": "s", "body": "b", "confirm": "y"},
            "subject",
        ),
        (
            "/campaigners/accounts/",
            {"email": "x@example.org", "role": "campaigner", "password": "long-enough-password"},
            "password",
        ),
    ],
)
def test_control_characters_in_any_field_get_a_message_not_a_server_error(
    admin, path, data, field, bad
):
    campaign = make_campaign()
    response = admin.post(path.format(id=campaign.id), data={**data, field: data[field] + bad})
    assert response.status_code == 400
    assert "must not contain control characters" in response.get_data(as_text=True)


def test_a_nul_in_the_sign_in_email_is_an_ordinary_refusal(client):
    response = client.post(
        "/campaigners/sign-in", data={"email": "a\x00@example.org", "password": "whatever it is"}
    )
    assert response.status_code == 400
    assert "must not contain control characters" in response.get_data(as_text=True)


def test_a_nul_in_the_invalidation_preview_is_a_message(admin):
    campaign = make_campaign()
    response = admin.get(
        f"/campaigners/campaigns/{campaign.id}/invalidate",
        query_string={"email_domain": "bad\x00.example"},
    )
    assert response.status_code == 400
