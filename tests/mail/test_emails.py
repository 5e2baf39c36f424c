"""The emails people get: thank you, booklet ready and campaign updates."""

import pytest
from sqlalchemy import select

from campaign.core.campaigns import current_wording
from campaign.extensions import db
from campaign.mail.notices import enqueue_booklet_ready
from campaign.mail.updates import UpdateRejected, send_campaign_update
from campaign.models import CampaignUpdate, OutboxMessage, Signature, Suppression
from tests.factories import make_campaign
from tests.mail.helpers import one_pass
from tests.petitions.helpers import link_from, sent_mail, sign


def messages(kind: str) -> list[OutboxMessage]:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    ).all()


def add_signer(
    campaign,
    email: str,
    status: str = "confirmed",
    updates: bool = True,
    slot: int = 0,
    name: str = "Sam Signer",
) -> Signature:
    signature = Signature(
        campaign_id=campaign.id,
        name=name,
        email=email,
        email_canonical=email.lower(),
        household_slot=slot,
        status=status,
        email_updates=updates,
        consent_wording_id=current_wording(campaign).id,
    )
    db.session.add(signature)
    db.session.commit()
    return signature


def test_confirming_sends_a_thank_you_with_share_links_and_the_council_page(app, client):
    make_campaign()
    sign(client, email_updates="y")
    client.post(link_from(sent_mail(app)[0], "confirm"))

    [thanks] = messages("thank_you")

    assert thanks.subject == "Thank you: your signature is confirmed"
    assert "http://localhost/local/E08000039" in thanks.text_body
    assert "Sheffield" in thanks.html_body
    assert "https://wa.me/?text=" in thanks.html_body
    assert "http://localhost/petitions/save-our-centres" in thanks.text_body
    assert thanks.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_confirming_twice_thanks_the_person_once(app, client):
    make_campaign()
    sign(client)
    confirm = link_from(sent_mail(app)[0], "confirm")

    client.post(confirm)
    client.post(confirm)

    assert len(messages("thank_you")) == 1


def test_the_booklet_email_carries_a_link_not_an_attachment(app):
    url = "http://localhost/local/E08000039/booklet.pdf?name=Ada"
    enqueue_booklet_ready(db.session, "ada@example.org", "Ada", "Sheffield", url)
    db.session.commit()

    [message] = messages("booklet_ready")

    assert message.subject == "Your booklet for Sheffield is ready"
    assert url in message.text_body
    assert 'href="http://localhost/local/E08000039/booklet.pdf?name=Ada"' in message.html_body
    assert "List-Unsubscribe" not in message.headers


def test_an_update_goes_once_to_each_confirmed_opted_in_mailbox_and_to_no_one_else(app):
    campaign = make_campaign()
    wanted = add_signer(campaign, "yes@example.org")
    add_signer(campaign, "yes@example.org", slot=1, name="Household Member")
    add_signer(campaign, "no-updates@example.org", updates=False)
    add_signer(campaign, "pending@example.org", status="pending")
    add_signer(campaign, "withdrawn@example.org", status="withdrawn")
    add_signer(campaign, "Bounced@example.org")
    db.session.add(Suppression(email="bounced@example.org", reason="bounce"))
    db.session.commit()

    update = send_campaign_update(
        campaign.id,
        "Our petition is being debated",
        "Big news.\n\nThank you.",
        sent_by="organiser@example.org",
    )

    [copy] = messages("campaign_update")
    assert (copy.to_email, copy.signature_id) == ("yes@example.org", wanted.id)
    assert copy.campaign_update_id == update.id
    assert db.session.get(CampaignUpdate, update.id).recipient_count == 1
    assert copy.subject == "Our petition is being debated"
    assert "Big news." in copy.text_body and "<p>Thank you.</p>" in copy.html_body
    assert copy.headers["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/")


def test_markup_in_an_update_is_shown_as_text_not_run(app):
    campaign = make_campaign()
    add_signer(campaign, "a@example.org")

    send_campaign_update(campaign.id, "News", "<script>alert(1)</script>", sent_by="x")

    [copy] = messages("campaign_update")
    assert "<script>" not in copy.html_body
    assert "&lt;script&gt;" in copy.html_body


@pytest.mark.parametrize(
    "subject, body, message",
    [
        ("", "Body", "Enter a subject"),
        ("x" * 151, "Body", "150 characters or fewer"),
        ("News", "  ", "Enter the text"),
        ("News", "x" * 20_001, "20,000 characters or fewer"),
        ("News", "bell \x07 here", "control characters"),
    ],
)
def test_an_update_that_cannot_be_sent_says_what_to_change(app, subject, body, message):
    campaign = make_campaign()

    with pytest.raises(UpdateRejected, match=message):
        send_campaign_update(campaign.id, subject, body, sent_by="x")

    assert db.session.scalars(select(CampaignUpdate)).all() == []


def test_an_update_for_a_missing_campaign_is_rejected(app):
    with pytest.raises(UpdateRejected, match="does not exist"):
        send_campaign_update(999, "News", "Body", sent_by="x")


def test_an_update_to_many_signers_is_delivered_a_thousand_per_request(sendgrid_app, fake_sendgrid):
    campaign = make_campaign()
    wording = current_wording(campaign).id
    db.session.add_all(
        Signature(
            campaign_id=campaign.id,
            name=f"Signer {i}",
            email=f"s{i}@example.org",
            email_canonical=f"s{i}@example.org",
            status="confirmed",
            email_updates=True,
            consent_wording_id=wording,
        )
        for i in range(1200)
    )
    db.session.commit()

    send_campaign_update(campaign.id, "News", "We did it.", sent_by="x")
    one_pass(batch_size=2000)

    assert sorted(count for _, count in fake_sendgrid.requests) == [200, 1000]
    by_name = {a.to[0]: a for a in fake_sendgrid.accepted}
    assert "Dear Signer 7," in by_name["s7@example.org"].text
    assert (
        by_name["s7@example.org"].headers["List-Unsubscribe"]
        != by_name["s8@example.org"].headers["List-Unsubscribe"]
    )


def test_a_sign_up_is_thanked_as_joining_not_as_a_signature(app, client):
    make_campaign(slug="join-us", kind="signup", title="Become a local campaigner")
    sign(client, slug="join-us")
    client.post(link_from(sent_mail(app)[0], "confirm"))

    [thanks] = messages("thank_you")

    assert thanks.subject == "You're signed up: Become a local campaigner"
    assert 'You have joined "Become a local campaigner". Thank you.' in thanks.text_body
    assert "signature" not in thanks.html_body.split("Withdraw")[0]
