"""Outcomes: milestones, the response, and mailing the response to signers exactly once."""

from datetime import date

import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import CampaignUpdate, OutboxMessage, TargetResponse
from campaign.petitions import outcomes
from tests.campaigners.helpers import add_signature
from tests.factories import make_campaign


@pytest.fixture
def answered(app):
    campaign = make_campaign(state="closed")
    add_signature(campaign, "Opted In", email_updates=True)
    add_signature(campaign, "Not Opted", email_updates=False)
    add_signature(campaign, "Still Pending", status="pending", email_updates=True)
    outcomes.record_response(
        campaign, "the Department for Education", date(2026, 3, 1), "We thank you.\n\nNo.", "c@x"
    )
    return campaign


def _copies() -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_the_response_goes_once_to_each_opted_in_confirmed_mailbox(answered):
    update = outcomes.email_response(answered, "campaigner@example.org")
    assert update.recipient_count == 1
    message = db.session.scalar(select(OutboxMessage))
    assert message.to_email == "opted.in@example.org"
    assert "the Department for Education responded on 1 March 2026" in message.text_body
    assert "We thank you." in message.text_body
    assert message.headers["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/")
    response = db.session.scalar(select(TargetResponse))
    assert response.emailed_at is not None and response.campaign_update_id == update.id


def test_emailing_the_response_twice_queues_nothing_the_second_time(answered):
    outcomes.email_response(answered, "campaigner@example.org")
    with pytest.raises(outcomes.AlreadyEmailed) as raised:
        outcomes.email_response(answered, "campaigner@example.org")
    assert raised.value.update is not None
    assert _copies() == 1
    assert db.session.scalar(select(func.count()).select_from(CampaignUpdate)) == 1


def test_a_correction_after_emailing_changes_the_page_but_sends_nothing(answered):
    outcomes.email_response(answered, "campaigner@example.org")
    outcomes.record_response(answered, "the DfE", date(2026, 3, 2), "Corrected.", "c@x")
    assert outcomes.response_for(answered.id).text == "Corrected."
    with pytest.raises(outcomes.AlreadyEmailed):
        outcomes.email_response(answered, "campaigner@example.org")
    assert _copies() == 1


def test_there_is_nothing_to_email_before_a_response_is_recorded(app):
    campaign = make_campaign()
    with pytest.raises(LookupError):
        outcomes.email_response(campaign, "campaigner@example.org")


def test_milestones_are_listed_in_date_order(app):
    campaign = make_campaign()
    outcomes.add_milestone(campaign, "debate", date(2026, 5, 1), "Westminster Hall", "c@x")
    outcomes.add_milestone(campaign, "handed_in", date(2026, 2, 1), "", "c@x")
    story = outcomes.outcome(campaign.id)
    assert [m.kind for m in story.milestones] == ["handed_in", "debate"]


def test_the_petition_page_and_json_show_the_outcome(client, answered):
    outcomes.add_milestone(answered, "handed_in", date(2026, 2, 1), "At Downing Street", "c@x")
    page = client.get(f"/petitions/{answered.slug}").get_data(as_text=True)
    assert "What happened next" in page and "Handed in" in page and "1 February 2026" in page
    assert "From the Department for Education" in page and "We thank you." in page
    assert "person signed it" in page or "people signed it" in page
    data = client.get(f"/petitions/{answered.slug}.json").get_json()
    assert data["response"] == {
        "responded_by": "the Department for Education",
        "date": "2026-03-01",
        "text": "We thank you.\n\nNo.",
    }
    assert data["milestones"][0]["kind"] == "handed_in"


def test_the_demo_has_a_closed_petition_whose_response_says_it_is_the_demos(client, app):
    from campaign.petitions.demo import load_demo

    assert "keep-health-visitors-in-centres-demo" in load_demo()
    assert load_demo() == []
    page = client.get("/petitions?state=closed").get_data(as_text=True)
    assert "Keep health visitors in children&#39;s centres (demonstration)" in page
    assert "This is a demonstration response" in page and "not a real" in page
