"""Double opt-in: only a POST from the emailed link confirms, once, before the link expires."""

from unittest import mock

import pytest
from sqlalchemy import select

from campaign.core.tokens import make_token
from campaign.extensions import db
from campaign.models import Signature
from tests.factories import make_campaign
from tests.petitions.helpers import link_from, sent_mail, sign


@pytest.fixture
def confirm_path(app, client):
    make_campaign()
    sign(client)
    return link_from(sent_mail(app)[0], "confirm")


def count(client) -> int:
    return client.get("/petitions/save-our-centres.json").json["signature_count"]


def status() -> str:
    return db.session.scalar(select(Signature.status))


def test_opening_the_link_shows_a_button_and_confirms_nothing(client, confirm_path):
    response = client.get(confirm_path)
    assert response.status_code == 200
    assert "Confirm my signature" in response.data.decode()
    assert status() == "pending"
    assert count(client) == 0


def test_pressing_the_button_confirms_and_counts_the_signature(client, confirm_path):
    response = client.post(confirm_path)
    assert "your signature is confirmed" in response.data.decode()
    assert status() == "confirmed"
    assert count(client) == 1


def test_reusing_a_confirmation_link_is_harmless_and_counts_once(client, confirm_path):
    client.post(confirm_path)
    again = client.post(confirm_path)
    assert again.status_code == 200
    assert "your signature is confirmed" in again.data.decode()
    assert count(client) == 1


def test_an_expired_link_says_so_and_offers_a_new_one(app, client, confirm_path):
    app.config["CONFIRM_TOKEN_MAX_AGE"] = 60
    with mock.patch("itsdangerous.timed.time.time", return_value=10**10):
        response = client.post(confirm_path)
    assert response.status_code == 400
    assert "This link has expired" in response.data.decode()
    assert status() == "pending"


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2], lambda t: t + "x", lambda t: "x" + t[1:], lambda t: "nonsense"]
)
def test_a_tampered_link_is_refused(client, confirm_path, mangle):
    prefix, token = confirm_path.rsplit("/", 1)
    response = client.post(f"{prefix}/{mangle(token)}")
    assert response.status_code == 400
    assert "This link does not work" in response.data.decode()
    assert status() == "pending"


def test_a_link_made_for_another_purpose_cannot_confirm(app, client, confirm_path):
    signature_id = db.session.scalar(select(Signature.id))
    token = make_token("withdraw", signature_id)
    response = client.post(f"/petitions/save-our-centres/confirm/{token}")
    assert response.status_code == 400
    assert status() == "pending"


def test_a_valid_link_for_a_signature_that_no_longer_exists_does_not_fail(
    app, client, confirm_path
):
    token = make_token("confirm", 999_999)
    response = client.post(f"/petitions/save-our-centres/confirm/{token}")
    assert response.status_code == 200
    assert "We could not confirm this signature" in response.data.decode()


def test_the_confirmation_email_carries_the_links_a_signer_needs(app, client):
    make_campaign()
    sign(client)
    [mail] = sent_mail(app)
    assert "To: Ada Lovelace <ada@example.org>" in mail
    assert "Subject: Confirm your signature: Save our children's centres" in mail
    for kind in ("confirm", "withdraw"):
        link_from(mail, kind)
    assert "/unsubscribe/" in mail
