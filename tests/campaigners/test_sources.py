"""The dashboard's table of where signers came from: by source and by referring signer."""

from campaign.campaigners import sources
from campaign.extensions import db
from tests.campaigners.helpers import add_signature, signed_in
from tests.factories import make_campaign


def _signed(campaign, name, status="confirmed", source=None, ref=None, share=None):
    signature = add_signature(campaign, name, status=status)
    signature.source, signature.referrer_code, signature.share_code = source, ref, share
    db.session.commit()
    return signature


def _tracked_campaign():
    campaign = make_campaign()
    _signed(campaign, "Ada Lovelace", share="AdaCode1")
    _signed(campaign, "Bo One", source="whatsapp", ref="AdaCode1")
    _signed(campaign, "Bo Two", status="pending", source="whatsapp", ref="AdaCode1")
    _signed(campaign, "Cy One", source="facebook")
    _signed(campaign, "Di Gone", status="withdrawn", source="facebook")
    return campaign


def test_signatures_and_confirmation_rate_by_source(app):
    campaign = _tracked_campaign()
    rows = {
        r.label: (r.signed, r.confirmed, r.confirmation_rate)
        for r in sources.by_source(campaign.id)
    }
    assert rows == {
        "whatsapp": (2, 1, 0.5),
        sources.NO_SOURCE: (1, 1, 1.0),
        "facebook": (1, 1, 1.0),
    }


def test_signatures_by_referring_signer_name_only_their_first_name_and_council(app):
    campaign = _tracked_campaign()
    other = make_campaign("other")
    _signed(other, "Eve Elsewhere", ref="AdaCode1")  # a code from another campaign counts nothing
    (row,) = sources.by_referrer(campaign.id)
    assert (row.label, row.signed, row.confirmed) == ("Ada (Sheffield)", 2, 1)


def test_the_dashboard_shows_both_tables(app, client):
    campaign = _tracked_campaign()
    signed_in(client)
    page = client.get(f"/campaigners/campaigns/{campaign.id}").get_data(as_text=True)
    assert "Where signers came from" in page
    assert (
        '<td>whatsapp</td><td class="num">2</td><td class="num">1</td><td class="num">50%</td>'
        in page
    )
    assert "<td>Ada (Sheffield)</td>" in page
