import pytest
from sqlalchemy import func, select

from campaign.extensions import db
from campaign.models import CampaignUpdate, OutboxMessage
from campaign.places import constituencies
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


@pytest.fixture
def spread(app):
    """Opted-in signers in Sheffield (Sheffield Central), Westmorland (Westmorland and
    Lonsdale) and Oxford (Oxford West and Abingdon), plus one who did not opt in."""
    constituencies.load_bundled()
    campaign = make_campaign("spread")
    people = [
        ("Ada Lovelace", ("E08000039", "Sheffield"), "E14001467", True),
        ("Bo Diddley", ("E06000064", "Westmorland and Furness"), "E14001580", True),
        ("Cy Twombly", ("E10000025", "Oxfordshire"), "E14001420", True),
        ("Di Quiet", ("E08000039", "Sheffield"), "E14001467", False),
    ]
    for name, council, constituency, opted in people:
        signature = add_signature(campaign, name, council=council, email_updates=opted)
        signature.constituency_code = constituency
    db.session.commit()
    return campaign


def _bodies() -> list[str]:
    return sorted(
        db.session.scalars(
            select(OutboxMessage.text_body).where(OutboxMessage.campaign_update_id.is_not(None))
        )
    )


def test_preview_counts_the_people_in_the_chosen_places_and_shows_merge_fields_filled_in(
    campaigner, spread
):
    page = campaigner.post(
        f"/campaigners/campaigns/{spread.id}/updates",
        data={
            "subject": "News for {council}",
            "body": "Hello {first_name}. Please write to {mp}.",
            "regions": ["North West"],
            "constituencies": ["E14001467"],
            "action": "preview",
        },
    ).get_data(as_text=True)
    assert "This update will reach 2 people" in page
    assert "Regions: North West; Constituencies: Sheffield Central" in page
    assert "News for Sheffield" in page
    assert "Hello Ada. Please write to Abtisam Mohamed." in page
    assert _queued() == 0


def test_an_update_to_chosen_places_reaches_only_them_each_with_their_own_fields(
    campaigner, spread
):
    response = campaigner.post(
        f"/campaigners/campaigns/{spread.id}/updates",
        data={
            "subject": "News",
            "body": "Hello {first_name} in {council}: write to {mp}.",
            "councils": ["E06000064", "E10000025"],
            "confirm": "y",
            "action": "send",
        },
    )
    assert response.status_code == 302
    bodies = _bodies()
    assert len(bodies) == 2
    assert "Hello Bo in Westmorland and Furness: write to Tim Farron." in bodies[0]
    assert "Hello Cy in Oxfordshire: write to Layla Moran." in bodies[1]
    update = db.session.scalar(select(CampaignUpdate))
    assert update.audience == "Councils: Oxfordshire, Westmorland and Furness"
    assert update.recipient_count == 2


def test_the_places_offered_are_only_those_with_people_opted_in(campaigner, spread):
    page = campaigner.get(f"/campaigners/campaigns/{spread.id}/updates").get_data(as_text=True)
    assert "Send to 3 people" in page
    for name in ("Sheffield Central", "Westmorland and Lonsdale", "Oxfordshire", "South East"):
        assert f">{name}</option>" in page
    refused = campaigner.post(
        f"/campaigners/campaigns/{spread.id}/updates",
        data={**UPDATE, "councils": ["E09000033"], "action": "send"},
    )
    assert refused.status_code == 400
    assert _queued() == 0


def test_an_unknown_merge_field_is_refused_with_the_ones_there_are(campaigner, spread):
    response = campaigner.post(
        f"/campaigners/campaigns/{spread.id}/updates",
        data={**UPDATE, "body": "Hello {firstname}", "action": "send"},
    )
    assert response.status_code == 400
    assert "{firstname} is not a merge field: use {first_name}, {council}, {mp}." in (
        response.get_data(as_text=True)
    )
    assert _queued() == 0


def test_merge_fields_fall_back_to_plain_words_where_nothing_is_known():
    from campaign.mail.updates import Recipient, merge

    nobody = Recipient(1, " ", "x@example.org", council_name=None, constituency_code="E14001467")
    text = "Dear {first_name}, {council} and {mp}. {unknown} stays."
    assert merge(text, nobody, {}) == "Dear friend, your council and your MP. {unknown} stays."
    known = Recipient(2, "Ada Lovelace", "a@example.org", "Sheffield", "E14001467")
    assert merge("{first_name}/{council}/{mp}", known, {"E14001467": "Abtisam Mohamed"}) == (
        "Ada/Sheffield/Abtisam Mohamed"
    )
