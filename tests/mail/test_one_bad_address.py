"""One address must never stop the mail: whatever a backend raises for one message, that message
fails on its own, its attempts are counted so the cap holds, and the rest go at once (issue 11)."""

import email
import email.policy
from pathlib import Path

import pytest
from sqlalchemy import select

from campaign.core.email_addresses import ASCII_LOCAL_PART_ONLY
from campaign.extensions import db
from campaign.mail import backends
from campaign.models import OutboxMessage
from tests.factories import make_campaign
from tests.mail.conftest import add_messages
from tests.mail.helpers import expire_leases, one_pass, statuses
from tests.petitions.helpers import sign

INTERNATIONAL = "jürgen@exämple.de"
PLAIN = ["ada@example.org", "grace@example.org"]


def outbox() -> dict[str, OutboxMessage]:
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    return {m.to_email: m for m in rows}


def test_with_the_file_backend_an_international_address_and_two_plain_ones_are_all_delivered(
    app, client
):
    make_campaign()
    for address in [INTERNATIONAL, *PLAIN]:
        assert sign(client, email=address).status_code == 303

    report = one_pass()

    assert report.sent == 3
    assert {m.status for m in outbox().values()} == {"sent"}
    files = sorted(Path(app.config["MAIL_FILE_DIR"]).glob("*.eml"))
    recipients = [
        email.message_from_bytes(f.read_bytes(), policy=email.policy.SMTPUTF8)["To"] for f in files
    ]
    assert INTERNATIONAL in recipients[0]
    assert [r.split("<")[-1].rstrip(">") for r in recipients[1:]] == PLAIN


def test_with_sendgrid_an_international_address_is_refused_at_signing_and_plain_ones_go_at_once(
    app, sendgrid_app, client, fake_sendgrid
):
    app.config["EMAIL_ALLOW_SMTPUTF8"] = False
    make_campaign()

    refused = sign(client, email=INTERNATIONAL)
    for address in PLAIN:
        assert sign(client, email=address).status_code == 303
    report = one_pass()

    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "accented or non-Latin letters" in page and INTERNATIONAL in page
    assert ASCII_LOCAL_PART_ONLY.startswith("We cannot send email")
    assert report.sent == 2
    assert sorted(a.to[0] for a in fake_sendgrid.accepted) == PLAIN


def test_with_sendgrid_an_international_address_already_queued_fails_alone_and_the_rest_go(
    app, sendgrid_app, client, fake_sendgrid
):
    make_campaign()
    for address in [INTERNATIONAL, *PLAIN]:  # signed while the file backend was in use
        assert sign(client, email=address).status_code == 303

    report = one_pass()

    assert (report.sent, report.failed) == (2, 1)
    assert sorted(a.to[0] for a in fake_sendgrid.accepted) == PLAIN
    failed = outbox()[INTERNATIONAL]
    assert failed.status == "failed" and "ASCII" in failed.last_error


def test_an_international_domain_goes_to_sendgrid_as_idna(sendgrid_app, client, fake_sendgrid):
    make_campaign()
    assert sign(client, email="ada@bücher.de").status_code == 303

    assert one_pass().sent == 1
    assert [a.to[0] for a in fake_sendgrid.accepted] == ["ada@xn--bcher-kva.de"]


@pytest.mark.parametrize("error", [UnicodeEncodeError("ascii", "ü", 0, 1, "no"), KeyError("x")])
def test_any_exception_building_one_message_fails_that_message_and_the_rest_are_sent(
    app, monkeypatch, error
):
    ids = add_messages(3)
    real = backends.build_mime

    def build(message, sender):
        if message.id == ids[0]:
            raise error
        return real(message, sender)

    monkeypatch.setattr(backends, "build_mime", build)

    report = one_pass()

    assert report.sent == 2
    assert statuses()["sent"] == 2
    bad = db.session.get(OutboxMessage, ids[0])
    assert bad.status in {"pending", "failed"} and type(error).__name__ in bad.last_error


def test_a_backend_that_raises_for_the_whole_batch_still_sends_the_others_one_by_one(
    app, monkeypatch
):
    ids = add_messages(3)
    real = backends.FileBackend.send_many

    def send_many(self, messages):
        if any(m.id == ids[1] for m in messages):
            raise RuntimeError("backend bug")
        return real(self, messages)

    monkeypatch.setattr(backends.FileBackend, "send_many", send_many)

    report = one_pass()

    assert report.sent == 2
    bad = db.session.get(OutboxMessage, ids[1])
    assert bad.status == "pending" and "RuntimeError: backend bug" in bad.last_error


def test_a_message_that_always_raises_stops_at_the_attempt_cap(app, monkeypatch):
    [only] = add_messages(1)
    app.config["MAIL_MAX_ATTEMPTS"] = 3

    def send_many(self, messages):
        raise RuntimeError("always")

    monkeypatch.setattr(backends.FileBackend, "send_many", send_many)
    for _ in range(5):
        one_pass()
        expire_leases()
        db.session.execute(
            OutboxMessage.__table__.update().values(next_attempt_at=OutboxMessage.created_at)
        )
        db.session.commit()

    message = db.session.get(OutboxMessage, only)
    assert message.status == "failed"
    assert message.attempts == 3
    assert "gave up after 3 attempts" in message.last_error
