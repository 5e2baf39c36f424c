"""Signatures by Westminster constituency: counted exactly with the council counters, named
with their MPs in the petition's JSON, and kept right through withdrawals and reconciling."""

from sqlalchemy import select, update

from campaign.core import counts
from campaign.extensions import db
from campaign.models import Signature, SignatureCount
from campaign.petitions import signing
from campaign.places import constituencies
from tests.factories import make_campaign
from tests.petitions.helpers import link_from, sent_mail, sign

POSTCODES = ["S1 2HH", "SW1A 1AA", "LA9 4DL", "OX1 1BX"]


def _sign_and_confirm_through_the_pages(app, client, postcodes):
    for i, postcode in enumerate(postcodes):
        sign(client, name=f"Signer {i}", email=f"s{i}@example.org", postcode=postcode)
    for mail in sent_mail(app):
        client.post(link_from(mail, "confirm"))


def test_the_json_names_each_constituency_its_mp_and_count_after_signing_and_confirming(
    app, client
):
    constituencies.load_bundled()
    make_campaign()
    _sign_and_confirm_through_the_pages(app, client, [*POSTCODES, "S1 2HH"])
    data = client.get("/petitions/save-our-centres.json").get_json()
    assert data["signature_count"] == 5
    assert data["mps_list_date"] == "2026-04-03"
    assert data["signatures_by_constituency"] == [
        {
            "code": "E14001467",
            "name": "Sheffield Central",
            "mp": "Abtisam Mohamed",
            "party": "Lab",
            "count": 2,
        },
        {
            "code": "E14001172",
            "name": "Cities of London and Westminster",
            "mp": "Rachel Blake",
            "party": "Lab",
            "count": 1,
        },
        {
            "code": "E14001420",
            "name": "Oxford West and Abingdon",
            "mp": "Layla Moran",
            "party": "LD",
            "count": 1,
        },
        {
            "code": "E14001580",
            "name": "Westmorland and Lonsdale",
            "mp": "Tim Farron",
            "party": "LD",
            "count": 1,
        },
    ]


def test_pending_signatures_and_signers_outside_the_uk_are_not_in_any_constituency(app, client):
    constituencies.load_bundled()
    make_campaign()
    sign(client, email="pending@example.org", postcode="LA9 4DL")
    sign(client, email="abroad@example.org", postcode="", outside_uk="y", country="Ireland")
    abroad = db.session.scalar(select(Signature.id).where(Signature.country == "Ireland"))
    signing.confirm(abroad)
    data = client.get("/petitions/save-our-centres.json").get_json()
    assert data["signature_count"] == 1
    assert data["signatures_by_constituency"] == []


def test_a_withdrawal_takes_the_signature_out_of_its_constituency(app, client):
    campaign = make_campaign()
    _sign_and_confirm_through_the_pages(app, client, ["LA9 4DL", "OX1 1BX"])
    farron = db.session.scalar(select(Signature.id).where(Signature.postcode == "LA9 4DL"))
    signing.withdraw(farron)
    assert counts.campaign_counts(campaign.id).by_constituency == {"E14001420": 1}


def test_reconcile_repairs_each_constituency_counter(app, client):
    campaign = make_campaign()
    _sign_and_confirm_through_the_pages(app, client, ["LA9 4DL", "OX1 1BX"])
    db.session.execute(update(SignatureCount).values(count=9))
    db.session.commit()
    changes = counts.reconcile(db.session, campaign.id)
    db.session.commit()
    assert changes == {
        ("E06000064", "E14001580"): (9, 1),
        ("E10000025", "E14001420"): (9, 1),
    }
    assert counts.campaign_counts(campaign.id).by_constituency == {
        "E14001580": 1,
        "E14001420": 1,
    }


def test_the_petition_page_shows_the_map_and_a_table_of_constituencies_with_mps(app, client):
    constituencies.load_bundled()
    make_campaign()
    _sign_and_confirm_through_the_pages(app, client, POSTCODES)
    page = client.get("/petitions/save-our-centres").get_data(as_text=True)
    assert '<h2 id="constituencies-title">Signatures by constituency</h2>' in page
    assert 'role="img"' in page and "<title>Sheffield Central: 1 signature</title>" in page
    assert "<td>Westmorland and Lonsdale</td><td>Tim Farron (LD)</td>" in page
    assert "4 signatures in 4 of 650 areas" in page
    assert "MPs as of 3 April 2026." in page
    assert "<script" not in page
