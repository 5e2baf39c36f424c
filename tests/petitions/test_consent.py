"""Consent records, unsubscribing and withdrawing a signature."""

import pytest
from sqlalchemy import select

from campaign.core.campaigns import add_wording
from campaign.extensions import db
from campaign.models import ConsentRecord, Signature
from campaign.petitions import signing
from tests.factories import make_campaign
from tests.petitions.helpers import link_from, sent_mail, sign


@pytest.fixture
def petition(app):
    return make_campaign()


def records() -> list[tuple[str, str, str]]:
    rows = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id))
    return [(r.purpose, r.action, r.method) for r in rows]


def the_signature() -> Signature:
    return db.session.scalars(select(Signature)).one()


def test_signing_records_the_exact_privacy_wording_and_the_opt_in(client, petition):
    sign(client, email_updates="y")
    rows = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
    assert [(r.purpose, r.action) for r in rows] == [
        ("privacy", "given"),
        ("email_updates", "given"),
    ]
    wording = petition.consent_wordings[-1]
    assert rows[0].wording == wording.privacy_text
    assert rows[1].wording == wording.updates_text
    assert all(r.consent_wording_id == wording.id for r in rows)
    assert all(r.email == "ada@example.org" and r.method == "petition signing form" for r in rows)
    assert the_signature().email_updates is True


def test_no_opt_in_is_recorded_when_the_box_is_left_unticked(client, petition):
    sign(client)
    assert records() == [("privacy", "given", "petition signing form")]
    assert the_signature().email_updates is False


def test_a_signature_keeps_the_wording_version_it_agreed_to(client, petition):
    sign(client, email="first@example.org")
    add_wording(petition, "New privacy words", "New updates words")
    db.session.commit()
    sign(client, email="second@example.org")
    first, second = db.session.scalars(select(Signature).order_by(Signature.id))
    assert first.consent_wording_id != second.consent_wording_id
    texts = db.session.scalars(
        select(ConsentRecord.wording).where(ConsentRecord.signature_id == second.id)
    ).all()
    assert texts == ["New privacy words"]


def test_the_unsubscribe_link_stops_updates_and_records_the_withdrawal(app, client, petition):
    sign(client, email_updates="y")
    path = link_from(sent_mail(app)[0], "unsubscribe")
    assert client.get(path).status_code == 200
    assert the_signature().email_updates is True  # a GET changes nothing
    response = client.post(path)
    assert "You have been unsubscribed" in response.data.decode()
    assert the_signature().email_updates is False
    assert records()[-1] == ("email_updates", "withdrawn", "unsubscribe link in email")


def test_one_click_unsubscribe_from_a_mail_client_needs_no_form_token(app, client, petition):
    sign(client, email_updates="y")
    path = link_from(sent_mail(app)[0], "unsubscribe")
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert the_signature().email_updates is False
    assert records()[-1][2] == "one-click unsubscribe (mail client)"


def test_unsubscribing_twice_records_one_withdrawal(app, client, petition):
    sign(client, email_updates="y")
    path = link_from(sent_mail(app)[0], "unsubscribe")
    client.post(path)
    client.post(path)
    assert [r for r in records() if r[1] == "withdrawn"] == [
        ("email_updates", "withdrawn", "unsubscribe link in email")
    ]


def test_the_email_carries_list_unsubscribe_headers_for_one_click(app, client, petition):
    from campaign.models import OutboxMessage

    sign(client)
    sent_mail(app)  # a signer's email is rendered, headers and all, when it is sent
    headers = db.session.scalars(select(OutboxMessage)).one().headers
    assert headers["List-Unsubscribe"].startswith("<http://localhost/unsubscribe/")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_withdrawing_a_confirmed_signature_uncounts_it_and_withdraws_consent(app, client, petition):
    sign(client, email_updates="y")
    mail = sent_mail(app)[0]
    client.post(link_from(mail, "confirm"))
    assert client.get("/petitions/save-our-centres.json").json["signature_count"] == 1
    withdraw = link_from(mail, "withdraw")
    assert "Withdraw my signature" in client.get(withdraw).data.decode()
    response = client.post(withdraw)
    assert "Your signature has been withdrawn" in response.data.decode()
    assert the_signature().status == "withdrawn"
    assert client.get("/petitions/save-our-centres.json").json["signature_count"] == 0
    assert records()[-2:] == [
        ("privacy", "withdrawn", "withdraw link in email"),
        ("email_updates", "withdrawn", "withdraw link in email"),
    ]


def test_withdrawing_twice_uncounts_once(app, client, petition):
    sign(client)
    signature_id = the_signature().id
    signing.confirm(signature_id)
    signing.withdraw(signature_id)
    signing.withdraw(signature_id)
    assert client.get("/petitions/save-our-centres.json").json["signature_count"] == 0


def test_a_tampered_unsubscribe_link_is_refused(client, petition):
    response = client.post("/unsubscribe/not-a-token")
    assert response.status_code == 400
    assert "This link does not work" in response.data.decode()
