"""Admins answer privacy requests in the campaigners' area; each is audited without the address."""

import json

from sqlalchemy import select

from campaign.extensions import db
from campaign.models import PrivacyAction, Signature
from tests.campaigners.helpers import add_signature, csrf_free, signed_in
from tests.factories import make_campaign


def _admin(app, client):
    csrf_free(app)
    return signed_in(client, "admin@example.org", role="admin")


def test_an_admin_downloads_everything_held_about_an_address(app, client):
    add_signature(make_campaign(), "Ada Lovelace")
    admin = _admin(app, client)
    assert "Privacy requests" in admin.get("/campaigners/privacy/").get_data(as_text=True)
    response = admin.post(
        "/campaigners/privacy/export",
        data={"email": "ada.lovelace@example.org", "format": "json"},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "attachment" in response.headers["Content-Disposition"]
    assert json.loads(response.data)["signatures"][0]["name"] == "Ada Lovelace"
    audit = db.session.scalar(select(PrivacyAction))
    assert (audit.action, audit.via) == ("export", "web")
    assert audit.account_id is not None and "ada" not in audit.detail.lower()


def test_erasing_needs_the_box_ticked_then_erases(app, client):
    add_signature(make_campaign(), "Ada Lovelace")
    admin = _admin(app, client)
    refused = admin.post("/campaigners/privacy/erase", data={"email": "ada.lovelace@example.org"})
    assert refused.status_code == 400
    assert "Tick the box" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Signature.name)) == "Ada Lovelace"
    done = admin.post(
        "/campaigners/privacy/erase",
        data={"email": "ada.lovelace@example.org", "confirm": "y"},
    )
    assert done.status_code == 302
    assert db.session.scalar(select(Signature.name)) == ""


def test_a_bad_address_gets_a_clear_message(app, client):
    admin = _admin(app, client)
    response = admin.post("/campaigners/privacy/export", data={"email": "nope", "format": "json"})
    assert response.status_code == 400
    assert "email address" in response.get_data(as_text=True).lower()
