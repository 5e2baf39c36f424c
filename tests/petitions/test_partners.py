"""Coalitions on the public side: who runs a campaign, each partner's own unticked opt-in,
recorded through every signing path, and withdrawn per partner."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from campaign.core import partner_consent
from campaign.core.tokens import make_token
from campaign.extensions import db
from campaign.models import ConsentRecord, Organisation, Signature
from campaign.petitions import partners, signing
from campaign.petitions.logos import LogoRejected, store_logo
from tests.factories import make_campaign
from tests.petitions.helpers import sign
from tests.petitions.test_batching import request_for, write_batch


def png(size=(40, 20)) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", size, "red").save(data, format="PNG")
    return data.getvalue()


@pytest.fixture
def coalition(app, tmp_path):
    campaign = make_campaign()
    lead = partners.add_organisation("Lead Charity", charity_number="1234567")
    first = partners.add_organisation("First Partner", privacy_url="https://first.example/p")
    second = partners.add_organisation("Second Partner")
    store_logo(first, png())
    partners.link(campaign.id, lead.id, "lead")
    partners.link(campaign.id, first.id, "partner", 1)
    partners.link(campaign.id, second.id, "partner", 2)
    partners.set_wording(campaign.id, first.id, "First Partner may email me.", "tests")
    partners.set_wording(campaign.id, second.id, "Second Partner may call me.", "tests")
    return campaign, first, second


def _partner_records(org_id: int) -> list[ConsentRecord]:
    return list(
        db.session.scalars(
            select(ConsentRecord)
            .where(ConsentRecord.organisation_id == org_id)
            .order_by(ConsentRecord.id)
        )
    )


def test_the_page_shows_who_runs_it_and_an_unticked_box_per_partner(client, coalition):
    campaign, first, second = coalition
    page = client.get(f"/petitions/{campaign.slug}").get_data(as_text=True)
    assert "Who runs this campaign" in page and "Lead Charity" in page
    assert "registered charity 1234567" in page
    assert f'src="/organisations/{first.id}/logo"' in page
    for org, text in ((first, "First Partner may email me."), (second, "Second Partner may call")):
        assert f'name="partner_{org.id}" value="y" aria-describedby' in page and text in page
    assert "checked" not in page


def test_the_logo_is_served_as_an_image_that_cannot_be_sniffed(client, coalition):
    _, first, second = coalition
    response = client.get(f"/organisations/{first.id}/logo")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert Image.open(io.BytesIO(response.data)).size == (40, 20)
    assert client.get(f"/organisations/{second.id}/logo").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Choose a logo file"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "must be a PNG or JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"broken" * 10, "must be a PNG or JPEG"),
        (b"GIF89a" + b"\x00" * 40, "must be a PNG or JPEG"),
        (png((3000, 10)), "at most 2000 pixels"),
        (b"x" * (600 * 1024), "512 KB or smaller"),
    ],
)
def test_anything_but_a_modest_png_or_jpeg_logo_is_refused(coalition, data, message):
    _, _, second = coalition
    with pytest.raises(LogoRejected, match=message):
        store_logo(second, data)
    assert db.session.get(Organisation, second.id).logo_file is None


def test_a_ticked_partner_box_is_recorded_with_the_partner_and_its_wording(client, coalition):
    campaign, first, second = coalition
    sign(client, **{f"partner_{first.id}": "y", f"partner_{second.id + 100}": "y"})
    [record] = _partner_records(first.id)
    assert record.purpose == "partner_contact" and record.action == "given"
    assert record.wording == "First Partner may email me."
    assert _partner_records(second.id) == []


def test_the_batch_writer_records_partner_opt_ins_too(coalition):
    campaign, first, second = coalition
    ticked = (
        partner_consent.PartnerOptIn(
            second.id, partners.boxes(campaign.id)[1].wording_id, "Second Partner may call me."
        ),
    )
    write_batch(campaign.id, [request_for("p@example.org", partner_opt_ins=ticked)])
    [record] = _partner_records(second.id)
    assert record.signature_id == db.session.scalar(select(Signature.id))


def test_a_new_wording_version_is_what_new_signers_agree_to(client, coalition):
    campaign, first, _ = coalition
    partners.set_wording(campaign.id, first.id, "First Partner may email or post.", "tests")
    sign(client, **{f"partner_{first.id}": "y"})
    assert _partner_records(first.id)[0].wording == "First Partner may email or post."


def test_stopping_one_partner_leaves_the_other_and_the_signature(client, coalition):
    campaign, first, second = coalition
    sign(client, **{f"partner_{first.id}": "y", f"partner_{second.id}": "y"})
    signature = db.session.scalar(select(Signature))
    token = make_token("unsubscribe", signature.id)
    page = client.get(f"/unsubscribe/{token}/partners").get_data(as_text=True)
    assert "Stop First Partner contacting me" in page and "Stop Second Partner" in page
    done = client.post(f"/unsubscribe/{token}/partners", data={"organisation": first.id})
    assert "First Partner will not be given your details" in done.get_data(as_text=True)
    assert partner_consent.current_partners(db.session, signature.id) == [second.id]
    assert [r.action for r in _partner_records(first.id)] == ["given", "withdrawn"]
    assert db.session.get(Signature, signature.id).status == "pending"


def test_withdrawing_a_signature_withdraws_every_partner_consent(client, coalition):
    campaign, first, second = coalition
    sign(client, **{f"partner_{first.id}": "y", f"partner_{second.id}": "y"})
    signature = db.session.scalar(select(Signature))
    signing.withdraw(signature.id)
    assert partner_consent.current_partners(db.session, signature.id) == []


def test_the_demo_has_a_coalition_with_two_fictional_partners(client, app, tmp_path):
    from campaign.petitions.demo import load_demo

    load_demo()
    page = client.get("/petitions/best-start-in-life").get_data(as_text=True)
    assert "Best Start Coalition (demo)" in page
    assert page.count("(fictional)") >= 4 and page.count('class="runner-logo"') == 3
    assert "partner organisation only if you tick its box below" in page
