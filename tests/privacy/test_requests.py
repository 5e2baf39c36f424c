"""Subject access, erasure and anonymisation: every table that holds a signer's personal data is
covered, counts are kept, and the audit log never records whose data it was."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from campaign.core.counts import campaign_counts, counted_from_signatures
from campaign.extensions import db
from campaign.models import (
    ConsentRecord,
    MailEvent,
    OutboxMessage,
    PrivacyAction,
    Signature,
    Suppression,
)
from campaign.privacy import requests
from campaign.timeutil import utcnow
from tests.campaigners.helpers import CORNWALL, add_signature
from tests.factories import make_campaign
from tests.petitions.helpers import link_from, sent_mail, sign

EMAIL = "Ada.Lovelace@example.org"


@pytest.fixture
def signer(app, client):
    """A signer who signed (typed with capitals), confirmed, and whose email bounced once."""
    campaign = make_campaign()
    sign(client, name="Ada Lovelace", email=EMAIL, postcode="S1 2HH")
    client.post(link_from(sent_mail(app)[0], "confirm"))
    message = db.session.scalars(select(OutboxMessage)).first()
    db.session.add(
        MailEvent(
            sg_event_id="ev-1",
            event="delivered",
            email=EMAIL.lower(),
            outbox_message_id=message.id,
            payload={"email": EMAIL.lower()},
        )
    )
    db.session.add(Suppression(email=EMAIL.lower(), reason="spamreport"))
    db.session.commit()
    return campaign


def _everything_text() -> str:
    rows = []
    for model in (Signature, ConsentRecord, OutboxMessage, MailEvent, PrivacyAction):
        for row in db.session.scalars(select(model)):
            rows.append(
                repr({c.name: getattr(row, c.key) for c in model.__table__.columns})  # type: ignore[attr-defined]
            )
    return "\n".join(rows).lower()


def test_the_export_holds_every_record_matched_by_canonical_email(signer):
    result = requests.export("ada.lovelace@EXAMPLE.org", "command")
    data = json.loads(result.as_json())
    assert [s["name"] for s in data["signatures"]] == ["Ada Lovelace"]
    assert data["signatures"][0]["postcode"] == "S1 2HH"
    assert {c["purpose"] for c in data["consent_records"]} >= {"privacy"}
    assert {m["kind"] for m in data["emails_sent"]} >= {"confirm", "thank_you"}
    assert data["email_delivery_events"][0]["event"] == "delivered"
    assert data["do_not_email_list"][0]["reason"] == "spamreport"
    page = result.as_page()
    assert "What we hold about you" in page and "Ada Lovelace" in page


def test_erasure_removes_personal_data_everywhere_and_keeps_the_counts(signer):
    before = campaign_counts(signer.id)
    result = requests.erase(EMAIL, "command")
    assert result.signatures == 1
    text = _everything_text()
    for secret in ("ada", "lovelace", "s1 2hh", "198.51.100"):
        assert secret not in text, secret
    after = campaign_counts(signer.id)
    assert after.total == before.total == 1
    signature = db.session.scalar(select(Signature))
    assert signature.council_code and signature.anonymised_at is not None
    # Kept so we never mail them again: the do-not-email list.
    assert db.session.scalar(select(Suppression.email)) == EMAIL.lower()
    audit = db.session.scalar(select(PrivacyAction))
    assert (audit.action, audit.via, audit.rows_changed) == ("erase", "command", 1)


def test_erasing_twice_changes_nothing_more(signer):
    requests.erase(EMAIL, "command")
    assert requests.erase(EMAIL, "command").signatures == 0


def test_anonymise_takes_old_closed_campaigns_and_withdrawn_signatures_past_their_grace(app):
    now = utcnow()
    old = make_campaign(slug="old", closes_at=now - timedelta(days=200))
    recent = make_campaign(slug="recent", closes_at=now - timedelta(days=10))
    for n in range(5):
        add_signature(old, f"Old Signer {n}", council=CORNWALL)
    kept = add_signature(recent, "Recent Signer")
    gone = add_signature(recent, "Withdrew Long Ago", status="withdrawn")
    gone.withdrawn_at = now - timedelta(days=30)
    fresh = add_signature(recent, "Withdrew Today", status="withdrawn")
    fresh.withdrawn_at = now
    db.session.commit()
    app.config["ANONYMISE_BATCH_SIZE"] = 2  # three batches for the old campaign
    result = requests.anonymise(now)
    assert (result.closed_campaigns, result.withdrawn) == (5, 1)
    names = dict(db.session.execute(select(Signature.id, Signature.name)).all())
    assert names[kept.id] == "Recent Signer" and names[fresh.id] == "Withdrew Today"
    assert names[gone.id] == ""
    assert campaign_counts(old.id).total == 5
    assert campaign_counts(old.id).by_council.get(CORNWALL[0]) == 5
    # Recounted from the rows themselves, the anonymised signatures still count by council.
    assert counted_from_signatures(db.session, old.id) == {CORNWALL[0]: 5}
    again = requests.anonymise(now)
    assert (again.closed_campaigns, again.withdrawn) == (0, 0)


def test_the_commands_work_and_are_audited_without_the_address(signer, runner):
    exported = runner.invoke(args=["privacy", "export", EMAIL])
    assert exported.exit_code == 0 and json.loads(exported.output)["signatures"]
    page = runner.invoke(args=["privacy", "export", EMAIL, "--format", "html"])
    assert "What we hold about you" in page.output
    erased = runner.invoke(args=["privacy", "erase", EMAIL, "--yes"])
    assert erased.exit_code == 0 and "Erased 1 signatures" in erased.output
    anonymised = runner.invoke(args=["privacy", "anonymise"])
    assert anonymised.exit_code == 0 and "Anonymised 0" in anonymised.output
    actions = db.session.scalars(select(PrivacyAction).order_by(PrivacyAction.id)).all()
    assert [a.action for a in actions] == ["export", "export", "erase", "anonymise"]
    assert all("ada" not in (a.detail or "").lower() for a in actions)


def test_a_bad_address_gets_a_clear_message(runner, app):
    result = runner.invoke(args=["privacy", "erase", "not an address", "--yes"])
    assert result.exit_code == 2 and "Invalid value" in result.output
