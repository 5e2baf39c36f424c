"""Each signature keeps its constituency and where the signer came from; the share step after
signing and confirming hands out links that carry their source and the signer's code."""

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import Signature
from tests.factories import make_campaign
from tests.petitions.helpers import link_from, sent_mail, sign
from tests.petitions.test_batching import request_for, write_batch

CAME_FROM = {
    "source": "whatsapp",
    "utm_medium": "share",
    "utm_campaign": "spring",
    "ref": "Ref0Code1234",
}


def test_the_petition_page_carries_where_the_visitor_came_from_into_the_form(app, client):
    make_campaign()
    page = client.get(
        "/petitions/save-our-centres?utm_source=Newsletter&utm_campaign=spring&ref=Ref0Code1234"
    ).get_data(as_text=True)
    assert 'name="source" type="hidden" value="newsletter"' in page
    assert 'name="utm_campaign" type="hidden" value="spring"' in page
    assert 'name="ref" type="hidden" value="Ref0Code1234"' in page


def test_a_signature_stores_its_constituency_source_and_referrer_and_gets_a_share_code(app, client):
    make_campaign()
    sign(client, postcode="LA9 4DL", **CAME_FROM)
    signature = db.session.scalar(select(Signature))
    assert signature.constituency_code == "E14001580"
    assert (signature.source, signature.utm_medium, signature.utm_campaign) == (
        "whatsapp",
        "share",
        "spring",
    )
    assert signature.referrer_code == "Ref0Code1234"
    assert len(signature.share_code) == 12


def test_tampered_tracking_fields_are_dropped_and_the_signature_still_counts(app, client):
    make_campaign()
    response = sign(client, source="<b>x</b>", ref="'; drop table", utm_campaign="\x00")
    assert response.status_code == 303
    signature = db.session.scalar(select(Signature))
    assert (signature.source, signature.referrer_code, signature.utm_campaign) == (None, None, None)


def test_signatures_written_in_a_batch_keep_the_same_details(app):
    from campaign.petitions.sharing import Attribution

    campaign = make_campaign()
    write_batch(
        campaign.id,
        [
            request_for(
                f"p{i}@example.org",
                constituency_code="E14001467",
                attribution=Attribution(source="email", referrer_code="Ref0Code1234"),
            )
            for i in range(3)
        ],
    )
    rows = db.session.execute(
        select(Signature.constituency_code, Signature.source, Signature.share_code)
    ).all()
    assert {(code, source) for code, source, _ in rows} == {("E14001467", "email")}
    assert len({share for _, _, share in rows}) == 3


@pytest.mark.parametrize("channel", ["whatsapp", "email", "facebook", "x", "bluesky"])
def test_the_thank_you_page_offers_each_channel_without_any_signers_code(app, client, channel):
    make_campaign()
    page = client.get(sign(client).headers["Location"]).get_data(as_text=True)
    assert f'class="share-link share-{channel}"' in page
    assert "%26ref%3D" not in page and "&amp;ref=" not in page
    assert "<script" not in page


def test_the_confirmed_page_shares_links_that_carry_the_signers_code(app, client):
    make_campaign()
    sign(client)
    page = client.post(link_from(sent_mail(app)[0], "confirm")).get_data(as_text=True)
    code = db.session.scalar(select(Signature.share_code))
    copy_link = page.split('id="share-url" type="text" value="', 1)[1].split('"', 1)[0]
    query = parse_qs(urlsplit(copy_link.replace("&amp;", "&")).query)
    assert query["ref"] == [code] and query["source"] == ["link"]
    assert "Write to your MP" in page
    # Someone who follows it and signs is counted as brought by this signer.
    client.get(f"/petitions/save-our-centres?source=link&ref={code}")
    sign(client, name="Bo", email="bo@example.org", source="link", ref=code)
    referred = db.session.scalar(select(Signature).where(Signature.name == "Bo"))
    assert (referred.source, referred.referrer_code) == ("link", code)
