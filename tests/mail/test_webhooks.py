import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import (
    ConsentRecord,
    MailEvent,
    OutboxMessage,
    Signature,
    Suppression,
    WebhookReceipt,
)
from campaign.timeutil import utcnow
from tests.factories import make_campaign
from tests.mail.conftest import add_messages
from tests.mail.helpers import one_pass, post_events
from tests.mail.webhook_keys import SIGNATURE_HEADER, WebhookSigner
from tests.petitions.helpers import sign


def event(kind: str, email: str = "person0@example.com", outbox_id: str | None = "1", **extra):
    data = {
        "email": email,
        "event": kind,
        "timestamp": int(time.time()),
        "sg_event_id": f"{kind}-{email}-{time.monotonic_ns()}",
        **extra,
    }
    if outbox_id is not None:
        data["outbox_id"] = outbox_id
    return data


def recorded_events() -> list[tuple[str, str, int | None]]:
    return [
        (e.event, e.email, e.outbox_message_id)
        for e in db.session.scalars(select(MailEvent).order_by(MailEvent.id))
    ]


def test_delivered_events_are_recorded_against_their_outbox_message(sendgrid_app, client, signer):
    add_messages(1)

    response = post_events(client, signer, [event("delivered")])

    assert response.status_code == 200
    assert response.json == {"recorded": {"delivered": 1}}
    assert recorded_events() == [("delivered", "person0@example.com", 1)]


def test_unsigned_posts_are_refused_and_nothing_is_recorded(sendgrid_app, client):
    response = client.post("/webhooks/sendgrid", json=[event("bounce", outbox_id=None)])

    assert response.status_code == 401
    assert recorded_events() == []


def test_tampered_posts_are_refused(sendgrid_app, client, signer):
    body = json.dumps([event("delivered", outbox_id=None)]).encode()
    headers = signer.headers(body)

    response = client.post(
        "/webhooks/sendgrid", data=body.replace(b"delivered", b"bounce"), headers=headers
    )

    assert response.status_code == 403
    assert recorded_events() == []


def test_posts_signed_by_someone_else_are_refused(sendgrid_app, client):
    response = post_events(client, WebhookSigner(), [event("spamreport", outbox_id=None)])

    assert response.status_code == 403
    assert db.session.scalars(select(Suppression)).all() == []


def test_a_replayed_post_is_refused_the_second_time(sendgrid_app, client, signer):
    body = json.dumps([event("delivered", outbox_id=None)]).encode()
    headers = signer.headers(body)

    first = client.post("/webhooks/sendgrid", data=body, headers=headers)
    second = client.post("/webhooks/sendgrid", data=body, headers=headers)

    assert (first.status_code, second.status_code) == (200, 409)
    assert len(recorded_events()) == 1


def test_a_stale_post_is_refused_even_with_a_valid_signature(sendgrid_app, client, signer):
    body = json.dumps([event("delivered", outbox_id=None)]).encode()

    response = client.post(
        "/webhooks/sendgrid",
        data=body,
        headers=signer.headers(body, timestamp=int(time.time()) - 3600),
    )

    assert response.status_code == 403


def test_the_same_event_posted_again_is_recorded_once(sendgrid_app, client, signer):
    same = event("delivered", outbox_id=None)

    post_events(client, signer, [same])
    response = post_events(client, signer, [same, same])

    assert response.json == {"recorded": {"duplicate": 2}}
    assert len(recorded_events()) == 1


def test_without_a_configured_key_the_webhook_refuses_everything(sendgrid_app, client, signer):
    sendgrid_app.config["SENDGRID_WEBHOOK_PUBLIC_KEY"] = None

    assert post_events(client, signer, [event("delivered")]).status_code == 503


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"event": "delivered"}',
        b'[1, null, "x", []]',
        b'[{"event": "delivered", "email": 5, "sg_event_id": "a"}]',
        b'[{"event": "teleported", "email": "a@example.com", "sg_event_id": "b"}]',
        b'[{"event": "bounce", "email": "a\\u0000@example.com", "sg_event_id": "c"}]',
        b'[{"event": "delivered", "email": "a@example.com", "sg_event_id": "d", '
        b'"outbox_id": "99999", "timestamp": "yesterday", "reason": {"x": 1}}]',
        '["\udcff"]'.encode("utf-8", "surrogatepass"),
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=[
        "not-json",
        "object",
        "scalars",
        "email-not-text",
        "unknown-event",
        "nul-in-email",
        "odd-fields",
        "invalid-utf8",
        "deeply-nested",
    ],
)
def test_odd_but_signed_bodies_never_cause_a_server_error(sendgrid_app, client, signer, body):
    response = client.post("/webhooks/sendgrid", data=body, headers=signer.headers(body))

    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "kind, extra",
    [
        ("bounce", {"type": "bounce", "reason": "550 no user"}),
        ("spamreport", {}),
        ("dropped", {"reason": "Bounced Address"}),
    ],
)
def test_bounces_spam_reports_and_bad_address_drops_stop_further_mail(
    sendgrid_app, client, signer, fake_sendgrid, kind, extra
):
    post_events(client, signer, [event(kind, email="Person0@Example.com", outbox_id=None, **extra)])
    add_messages(2)

    one_pass()

    assert db.session.scalar(select(Suppression.reason)) == kind
    assert [m.status for m in db.session.scalars(select(OutboxMessage))] == ["failed", "sent"]
    assert fake_sendgrid.custom_arg_counts().keys() == {"2"}


def test_a_temporary_block_does_not_suppress_the_address(sendgrid_app, client, signer):
    post_events(client, signer, [event("bounce", outbox_id=None, type="blocked")])

    assert db.session.scalars(select(Suppression)).all() == []


def test_an_unsubscribe_event_withdraws_consent_to_updates_with_a_record(
    sendgrid_app, client, signer
):
    make_campaign()
    sign(client, email="ada@example.org", email_updates="y")

    post_events(client, signer, [event("unsubscribe", email="ADA@example.org", outbox_id=None)])

    assert db.session.scalar(select(Signature.email_updates)) is False
    last = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id.desc())).first()
    assert (last.purpose, last.action) == ("email_updates", "withdrawn")
    assert last.method == "unsubscribe reported by the mail provider"


def test_a_signature_header_that_is_not_base64_is_refused_not_a_crash(sendgrid_app, client, signer):
    body = b"[]"
    headers = {**signer.headers(body), SIGNATURE_HEADER: "***"}

    assert client.post("/webhooks/sendgrid", data=body, headers=headers).status_code == 403


def test_receipts_older_than_the_replay_window_are_forgotten(sendgrid_app, client, signer):
    old = WebhookReceipt(
        signature_digest="0" * 64,
        signed_at=utcnow() - timedelta(days=1),
        received_at=utcnow() - timedelta(days=1),
    )
    db.session.add(old)
    db.session.commit()

    post_events(client, signer, [event("delivered", outbox_id=None)])

    assert db.session.scalars(select(WebhookReceipt.signature_digest)).all() != ["0" * 64]
    assert len(db.session.scalars(select(WebhookReceipt)).all()) == 1
