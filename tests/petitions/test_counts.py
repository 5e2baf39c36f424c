"""Counting: exact, by council, fresh, reconciled against the signatures table."""

from sqlalchemy import select, update

from campaign.core import counts
from campaign.extensions import db
from campaign.models import Signature, SignatureCount
from campaign.petitions import signing
from tests.factories import make_campaign
from tests.petitions.helpers import sign


def confirm_all() -> None:
    for signature_id in db.session.scalars(select(Signature.id)).all():
        signing.confirm(signature_id)


def test_the_json_gives_the_promised_fields_with_counts_by_council(app, client):
    make_campaign(goal=500)
    sign(client, email="a@example.org", postcode="S1 2HH")
    sign(client, email="b@example.org", postcode="S10 2TN")
    sign(client, email="c@example.org", postcode="SW1A 1AA")
    sign(client, email="d@example.org", postcode="", outside_uk="y", country="Ireland")
    sign(client, email="pending@example.org", postcode="SW1A 1AA")
    confirm_all_but = db.session.scalars(
        select(Signature.id).where(Signature.email != "pending@example.org")
    ).all()
    for signature_id in confirm_all_but:
        signing.confirm(signature_id)

    data = client.get("/petitions/save-our-centres.json").json
    assert {
        "slug",
        "title",
        "target",
        "state",
        "signature_count",
        "goal",
        "signatures_by_council",
        "updated_at",
    } <= set(data)
    assert data["slug"] == "save-our-centres"
    assert data["target"] == "Secretary of State for Education"
    assert data["state"] == "open"
    assert data["goal"] == 500
    assert data["signature_count"] == 4  # the pending one does not count
    assert data["signatures_by_council"] == [
        {"code": "E08000039", "name": "Sheffield", "count": 2},
        {"code": "E09000033", "name": "Westminster", "count": 1},
    ]
    assert data["updated_at"].endswith("Z")


def test_the_json_for_an_unknown_petition_is_a_json_404(client, app):
    response = client.get("/petitions/no-such-thing.json")
    assert response.status_code == 404
    assert response.json["error"] == "Not Found"


def test_counts_are_kept_without_counting_the_signatures_table(app, client):
    campaign = make_campaign()
    sign(client)
    confirm_all()
    # Counts come from the counters: a change behind their back is not seen until reconciled.
    db.session.execute(update(Signature).values(status="pending"))
    db.session.commit()
    assert counts.campaign_counts(campaign.id).total == 1


def test_reconcile_repairs_drift_and_reports_it(app, client, runner):
    campaign = make_campaign()
    sign(client, email="a@example.org")
    sign(client, email="b@example.org", postcode="SW1A 1AA")
    confirm_all()
    db.session.execute(update(SignatureCount).values(count=7))
    db.session.commit()

    result = runner.invoke(args=["petitions", "reconcile-counts"])
    assert result.exit_code == 0
    assert "save-our-centres: E08000039 was" in result.output
    assert counts.campaign_counts(campaign.id).total == 2
    again = runner.invoke(args=["petitions", "reconcile-counts"])
    assert "save-our-centres: counts exact." in again.output


def test_counts_are_cached_briefly_and_a_change_in_this_process_refreshes_them(app, client):
    app.config["COUNTS_CACHE_SECONDS"] = 60
    campaign = make_campaign()
    assert counts.campaign_counts(campaign.id).total == 0
    sign(client)
    confirm_all()
    assert counts.campaign_counts(campaign.id).total == 1


def test_the_counters_are_spread_over_shards_but_sum_exactly(app, client):
    campaign = make_campaign()
    for i in range(40):
        sign(client, email=f"person{i}@example.org", name=f"Person {i}")
    confirm_all()
    shards = db.session.scalars(
        select(SignatureCount.shard).where(SignatureCount.campaign_id == campaign.id)
    ).all()
    assert len(shards) > 1
    assert counts.campaign_counts(campaign.id).total == 40


def test_the_petition_page_shows_the_count_and_progress(app, client):
    make_campaign(goal=4)
    sign(client)
    confirm_all()
    html = client.get("/petitions/save-our-centres").data.decode()
    assert "1</strong> person has signed" in html
    assert "Our goal is 4" in html
    assert 'aria-label="25.0% of the goal"' in html


def test_the_home_page_lists_open_campaigns_with_their_counts(app, client):
    make_campaign()
    make_campaign(slug="draft-one", title="A draft", state="draft")
    sign(client)
    confirm_all()
    html = client.get("/").data.decode()
    assert "Save our children&#39;s centres" in html
    assert "A draft" not in html
    assert "<strong>1</strong>\n      signature" in html
    assert 'name="postcode"' in html
