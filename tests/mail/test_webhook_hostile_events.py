"""A signed post with one event the database cannot hold still records every other event, and is
answered 2xx so SendGrid does not hold the rest back (issue 11, item 7)."""

import json

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import MailEvent, Suppression
from tests.mail.conftest import add_messages
from tests.mail.test_webhooks import event


def post_raw(client, signer, body: bytes):
    return client.post(
        "/webhooks/sendgrid",
        data=body,
        headers={**signer.headers(body), "Content-Type": "application/json"},
    )


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize("field", ["timestamp", "outbox_id", "extra"])
def test_a_non_finite_number_in_any_field_skips_that_event_only(
    sendgrid_app, client, signer, number, field
):
    add_messages(1)
    good = event("delivered", email="good@example.com")
    bad = event("delivered", email="bad@example.com")
    bad.pop(field, None)
    marker = '"__bad__"'
    bad[field] = "__bad__"
    body = json.dumps([bad, good]).replace(marker, number).encode()

    response = post_raw(client, signer, body)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["recorded"].get("delivered") == 1
    assert response.json["recorded"].get("ignored") == 1
    assert db.session.scalars(select(MailEvent.email)).all() == ["good@example.com"]


def test_a_bounce_whose_address_grows_when_lower_cased_is_skipped_and_the_rest_recorded(
    sendgrid_app, client, signer
):
    add_messages(1)
    # "İ" lower-cases to two characters: 200 of them make 400.
    growing = "İ" * 200 + "@example.com"
    response = post_raw(
        client,
        signer,
        json.dumps(
            [event("bounce", email=growing), event("bounce", email="ok@example.com")]
        ).encode(),
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["recorded"] == {"bounce": 1, "ignored": 1}
    assert db.session.scalars(select(Suppression.email)).all() == ["ok@example.com"]
