"""Anonymising and erasing keep every count the petition shows: by council and by constituency,
as kept in the counters, as recounted from the signature rows themselves, and as the public JSON
gives them (issue 12: "keeping counts by council and constituency")."""

from datetime import timedelta

from campaign.core.counts import campaign_counts, reconcile
from campaign.extensions import db
from campaign.privacy import requests
from campaign.timeutil import utcnow
from tests.campaigners.helpers import CARDIFF, CORNWALL, SHEFFIELD, add_signature
from tests.factories import make_campaign
from tests.petitions.helpers import link_from, sent_mail, sign

# Westminster constituencies (July 2024 boundaries) in the three councils.
SHEFFIELD_CENTRAL = "E14001467"
ST_IVES = "E14001511"
CARDIFF_EAST = "W07000089"


def _counts(campaign_id: int) -> tuple[dict[str, int], dict[str, int], int]:
    counts = campaign_counts(campaign_id)
    return counts.by_council, counts.by_constituency, counts.total


def _signers(campaign, n: int = 1) -> None:
    places = [(SHEFFIELD, SHEFFIELD_CENTRAL), (CORNWALL, ST_IVES), (CARDIFF, CARDIFF_EAST)]
    for i in range(n):
        council, constituency = places[i % 3]
        add_signature(campaign, f"Signer Number{i}", council=council, constituency=constituency)
    add_signature(campaign, "Not Yet Placed", council=SHEFFIELD, constituency=None)
    add_signature(campaign, "Pending Signer", status="pending", constituency=SHEFFIELD_CENTRAL)


def test_anonymising_keeps_counts_by_council_and_by_constituency(app):
    now = utcnow()
    old = make_campaign(slug="old", closes_at=now - timedelta(days=200))
    _signers(old, 7)
    before = _counts(old.id)
    assert before[1] == {SHEFFIELD_CENTRAL: 3, ST_IVES: 2, CARDIFF_EAST: 2}
    app.config["ANONYMISE_BATCH_SIZE"] = 3
    assert requests.anonymise(now).closed_campaigns == 9
    assert _counts(old.id) == before
    # Recounted from the anonymised rows themselves, nothing moves either.
    assert reconcile(db.session, old.id) == {}
    db.session.commit()
    assert _counts(old.id) == before


def test_erasing_a_signer_keeps_the_public_counts_by_council_and_constituency(app, client):
    campaign = make_campaign()
    sign(client, name="Ada Lovelace", email="ada@example.org", postcode="S1 2HH")
    client.post(link_from(sent_mail(app)[0], "confirm"))
    add_signature(campaign, "Someone Else", council=CORNWALL, constituency=ST_IVES)
    url = f"/petitions/{campaign.slug}.json"
    before = client.get(url).get_json()
    assert [c["count"] for c in before["signatures_by_constituency"]] == [1, 1]
    assert requests.erase("ada@example.org", "command").signatures == 1
    after = client.get(url).get_json()
    for key in ("signature_count", "signatures_by_council", "signatures_by_constituency"):
        assert after[key] == before[key], key
    assert reconcile(db.session, campaign.id) == {}
