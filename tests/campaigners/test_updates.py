import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import CampaignUpdate, OutboxMessage
from tests.campaigners.helpers import add_signature, csrf_free, signed_in
from tests.factories import make_campaign

UPDATE = {
    "subject": "We delivered the petition",
    "body": "Thank you.\n\nNext steps.",
    "confirm": "y",
}


@pytest.fixture
def petition(app):
    campaign = make_campaign()
    add_signature(campaign, "Opted In", email_updates=True)
    add_signature(campaign, "Not Opted", email_updates=False)
    add_signature(campaign, "Still Pending", status="pending", email_updates=True)
    return campaign


@pytest.fixture
def campaigner(app, client):
    # Emailing every signer is an admin's work (campaign/campaigners/roles.py).
    csrf_free(app)
    return signed_in(client, "admin@example.org", role="admin")


def _queued() -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.campaign_update_id.is_not(None))
    )


def test_the_page_says_how_many_opted_in_people_will_get_the_update(campaigner, petition):
    body = campaigner.get(f"/campaigners/campaigns/{petition.id}/updates").get_data(as_text=True)
    assert "Send to 1 person" in body


def test_sending_queues_one_copy_per_opted_in_signer_and_lists_the_update(campaigner, petition):
    response = campaigner.post(f"/campaigners/campaigns/{petition.id}/updates", data=UPDATE)
    assert response.status_code == 302
    assert _queued() == 1
    update = db.session.scalar(select(CampaignUpdate))
    assert update.sent_by == "admin@example.org"
    page = campaigner.get(f"/campaigners/campaigns/{petition.id}/updates").get_data(as_text=True)
    assert "We delivered the petition" in page and "1 pending" in page


def test_sending_the_same_update_twice_in_a_row_is_refused(campaigner, petition):
    campaigner.post(f"/campaigners/campaigns/{petition.id}/updates", data=UPDATE)
    again = campaigner.post(f"/campaigners/campaigns/{petition.id}/updates", data=UPDATE)
    assert again.status_code == 409
    assert "An update with this subject was sent at" in again.get_data(as_text=True)
    assert _queued() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("confirm", "", "Tick the box to confirm you want to send it"),
        ("subject", "", "Enter a subject for the update"),
        ("body", "", "Enter the text of the update"),
        ("body", "bell \x07 here", "control characters"),
    ],
)
def test_an_update_that_cannot_go_gets_a_message_and_nothing_is_sent(
    campaigner, petition, field, value, message
):
    response = campaigner.post(
        f"/campaigners/campaigns/{petition.id}/updates", data={**UPDATE, field: value}
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _queued() == 0
