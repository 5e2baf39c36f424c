"""A signer's confirmation email is queued unrendered and rendered by the worker when it is sent."""

from sqlalchemy import select, update

from campaign.extensions import db
from campaign.mail.messages import RENDER_AT_SEND
from campaign.models import OutboxMessage
from tests.factories import make_campaign
from tests.mail.helpers import one_pass
from tests.petitions.helpers import sent_mail, sign


def the_message() -> OutboxMessage:
    return db.session.scalars(select(OutboxMessage)).one()


def test_the_confirmation_is_queued_unrendered_and_sent_rendered_with_its_links(app, client):
    make_campaign()
    sign(client, name="Ada Lovelace")
    queued = the_message()
    assert (queued.kind, queued.subject, queued.text_body) == ("confirm", "", "")
    assert queued.headers == {RENDER_AT_SEND: "1"}
    db.session.remove()

    [mail] = sent_mail(app)

    sent = the_message()
    assert sent.status == "sent"
    assert sent.subject.startswith("Confirm your signature")
    assert "Ada Lovelace" in sent.text_body and "/confirm/" in sent.text_body
    assert RENDER_AT_SEND not in sent.headers
    assert sent.headers["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/")
    assert "Subject: Confirm your signature" in mail


def test_an_unrendered_email_whose_signature_is_gone_is_failed_and_never_sent(app, client):
    make_campaign()
    sign(client)
    db.session.execute(update(OutboxMessage).values(signature_id=None))
    db.session.commit()

    report = one_pass()

    message = the_message()
    assert (report.sent, report.failed) == (0, 1)
    assert message.status == "failed"
    assert message.last_error == "nothing to render: the signature it was for is gone"


def test_emails_a_worker_claimed_and_never_handed_over_are_sent_even_without_a_webhook(
    sendgrid_app, fake_sendgrid, client
):
    from campaign.mail.delivery import claim
    from tests.mail.helpers import deliver_until_settled, expire_leases, policy, statuses

    sendgrid_app.config["SENDGRID_WEBHOOK_PUBLIC_KEY"] = None  # nothing could prove a hand-over
    make_campaign()
    for i in range(3):
        sign(client, email=f"p{i}@example.org")
    db.session.remove()
    claim(policy(), "a-worker-killed-while-rendering")  # claimed, then gone before rendering
    expire_leases()

    report = one_pass()

    assert report.recovered == {"sent": 0, "requeued": 3, "failed": 0}
    deliver_until_settled()
    assert statuses() == {"sent": 3}
    assert len(fake_sendgrid.accepted) == 3


def test_an_email_is_kept_rendered_before_it_reaches_the_provider(
    sendgrid_app, fake_sendgrid, client
):
    from tests.mail.fake_sendgrid import Fault
    from tests.mail.helpers import expire_leases, statuses

    sendgrid_app.config["SENDGRID_WEBHOOK_PUBLIC_KEY"] = None
    make_campaign()
    sign(client)
    db.session.remove()
    fake_sendgrid.fail_next(Fault.hang_up_after_accepting())  # taken, but no answer came back
    one_pass()
    held = the_message()
    assert held.status == "sending" and RENDER_AT_SEND not in held.headers
    expire_leases()

    report = one_pass()

    # It may have reached the provider: without a webhook to say so, not sent twice.
    assert report.recovered == {"sent": 0, "requeued": 0, "failed": 1}
    assert statuses() == {"failed": 1}
    assert len(fake_sendgrid.accepted) == 1
