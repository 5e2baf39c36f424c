import pytest
from sqlalchemy import select

from campaign.core.campaigns import current_wording, signing_gate
from campaign.extensions import db
from campaign.models import Campaign, ConsentWording
from tests.campaigners.helpers import add_signature, csrf_free, signed_in
from tests.factories import make_campaign

FORM = {
    "title": "Keep Sure Start open",
    "slug": "keep-sure-start-open",
    "kind": "petition",
    "target": "Secretary of State for Education",
    "summary": "Fund every children's centre.",
    "body": "Para one.\n\nPara two.",
    "goal": "5000",
    "opens_at": "",
    "closes_at": "",
}


@pytest.fixture
def campaigner(app, client):
    csrf_free(app)
    return signed_in(client)


def _created() -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.slug == FORM["slug"]))


def test_a_new_campaign_is_a_draft_with_a_first_version_of_consent_wording(campaigner):
    response = campaigner.post("/campaigners/campaigns/new", data=FORM)
    assert response.status_code == 302
    campaign = _created()
    assert campaign.state == "draft" and campaign.goal == 5000
    assert current_wording(campaign).version == 1
    assert campaigner.get(f"/petitions/{campaign.slug}").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter a title"),
        ("slug", "Not A Slug!", "Use lower-case letters, numbers and single hyphens"),
        ("goal", "-5", "Enter a goal between 0 and 100,000,000"),
        ("goal", "lots", "Not a valid integer value"),
        ("title", "<script>alert(1)</script>", "without &lt; or &gt;"),
        ("closes_at", "not a date", "Not a valid datetime value"),
    ],
)
def test_bad_campaign_details_get_a_message_and_keep_what_was_typed(
    campaigner, field, value, message
):
    response = campaigner.post("/campaigners/campaigns/new", data={**FORM, field: value})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in body
    assert "Fund every children&#39;s centre." in body


def test_a_slug_already_in_use_is_refused(campaigner):
    make_campaign(slug=FORM["slug"])
    response = campaigner.post("/campaigners/campaigns/new", data=FORM)
    assert response.status_code == 400
    assert "Another campaign already uses that web address name" in response.get_data(as_text=True)


def test_closing_before_opening_is_refused(campaigner):
    response = campaigner.post(
        "/campaigners/campaigns/new",
        data={**FORM, "opens_at": "2026-12-01T09:00", "closes_at": "2026-11-01T09:00"},
    )
    assert "The closing time must be after the opening time" in response.get_data(as_text=True)


def test_editing_sets_the_goal_and_target(campaigner):
    campaign = make_campaign(state="draft")
    response = campaigner.post(
        f"/campaigners/campaigns/{campaign.id}/edit",
        data={**FORM, "slug": campaign.slug, "goal": "250000", "target": "Prime Minister"},
    )
    assert response.status_code == 302
    db.session.refresh(campaign)
    assert (campaign.goal, campaign.target) == (250000, "Prime Minister")


def test_the_slug_cannot_change_once_the_campaign_has_opened(campaigner):
    campaign = make_campaign(state="open")
    response = campaigner.post(
        f"/campaigners/campaigns/{campaign.id}/edit", data={**FORM, "slug": "a-new-slug"}
    )
    assert "cannot change once the campaign has opened" in response.get_data(as_text=True)


def test_opening_and_closing_a_campaign_changes_what_the_public_can_do(campaigner):
    campaign = make_campaign(state="draft")
    campaigner.post(f"/campaigners/campaigns/{campaign.id}/open")
    db.session.refresh(campaign)
    assert campaign.state == "open" and campaign.opens_at is not None
    assert campaigner.get(f"/petitions/{campaign.slug}").status_code == 200
    campaigner.post(f"/campaigners/campaigns/{campaign.id}/close")
    db.session.refresh(campaign)
    assert campaign.state == "closed" and campaign.closes_at is not None


def test_opening_and_closing_is_seen_at_once_by_signing_in_this_process(app, campaigner):
    app.config["CAMPAIGN_CACHE_SECONDS"] = 60
    campaign = make_campaign(state="draft")
    assert signing_gate(campaign.slug).state == "draft"
    campaigner.post(f"/campaigners/campaigns/{campaign.id}/open")
    assert signing_gate(campaign.slug).state == "open"
    campaigner.post(f"/campaigners/campaigns/{campaign.id}/close")
    assert signing_gate(campaign.slug).state == "closed"


def test_a_petition_without_a_target_cannot_open(campaigner):
    campaign = make_campaign(state="draft", target="")
    response = campaigner.post(f"/campaigners/campaigns/{campaign.id}/open", follow_redirects=True)
    assert "Say who the petition is addressed to" in response.get_data(as_text=True)
    db.session.refresh(campaign)
    assert campaign.state == "draft"


def test_changing_the_wording_makes_a_new_version_and_signatures_keep_theirs(campaigner):
    campaign = make_campaign()
    earlier = add_signature(campaign, "Early Signer")
    first = current_wording(campaign)
    response = campaigner.post(
        f"/campaigners/campaigns/{campaign.id}/wording",
        data={"privacy_text": "New privacy words.", "updates_text": "New updates words."},
    )
    assert response.status_code == 302
    latest = current_wording(campaign)
    assert latest.version == first.version + 1 and latest.privacy_text == "New privacy words."
    db.session.refresh(earlier)
    assert earlier.consent_wording_id == first.id
    assert db.session.get(ConsentWording, first.id).privacy_text == first.privacy_text


def test_saving_unchanged_wording_adds_no_version(campaigner):
    campaign = make_campaign()
    first = current_wording(campaign)
    campaigner.post(
        f"/campaigners/campaigns/{campaign.id}/wording",
        data={"privacy_text": first.privacy_text, "updates_text": first.updates_text},
    )
    assert current_wording(campaign).version == first.version


def test_the_preview_shows_the_text_and_the_current_wording(campaigner):
    campaign = make_campaign(state="draft")
    body = campaigner.get(f"/campaigners/campaigns/{campaign.id}/preview").get_data(as_text=True)
    assert "Save our children&#39;s centres" in body and "Second paragraph." in body
    assert current_wording(campaign).updates_text.split(".")[0] in body.replace("&#39;", "'")


def test_the_campaign_list_links_to_each_dashboard(campaigner):
    campaign = make_campaign()
    body = campaigner.get("/campaigners/").get_data(as_text=True)
    assert f'href="/campaigners/campaigns/{campaign.id}"' in body


def test_the_campaign_list_shows_each_confirmed_total_against_its_goal(campaigner):
    campaign = make_campaign(goal=1000)
    add_signature(campaign, "Ann One")
    body = campaigner.get("/campaigners/").get_data(as_text=True)
    assert "1 of 1,000" in body
