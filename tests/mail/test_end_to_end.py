"""A signature's emails through the real SendGrid backend and back through the Event Webhook."""

import re

from sqlalchemy import select

from campaign.extensions import db
from campaign.models import MailEvent, OutboxMessage
from tests.factories import make_campaign
from tests.mail.helpers import one_pass, post_events, statuses
from tests.petitions.helpers import sign


def test_signing_confirming_and_the_providers_events_close_the_loop(
    sendgrid_app, client, fake_sendgrid, signer
):
    make_campaign()
    sign(client, name="Ada Lovelace", email="ada@example.org", email_updates="y")
    one_pass()

    [confirm] = fake_sendgrid.accepted
    assert confirm.to == ["ada@example.org"]
    assert confirm.subject.startswith("Confirm your signature")
    assert confirm.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = re.search(r"http://localhost(/\S*confirm/[\w.\-]+)", confirm.text).group(1)
    assert 'href="http://localhost' + path + '"' in confirm.html

    client.post(path)
    one_pass()

    thanks = fake_sendgrid.accepted[1]
    assert thanks.subject == "Thank you: your signature is confirmed"
    assert post_events(client, signer, fake_sendgrid.events("delivered")).status_code == 200
    assert statuses() == {"sent": 2}
    events = db.session.execute(
        select(MailEvent.event, OutboxMessage.kind).join(
            OutboxMessage, MailEvent.outbox_message_id == OutboxMessage.id
        )
    ).all()
    assert sorted(events) == [("delivered", "confirm"), ("delivered", "thank_you")]
