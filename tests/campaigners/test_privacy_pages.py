"""Admins answer privacy requests in the campaigners' area; each is audited without the address."""

import json

import pytest
from sqlalchemy import select

from campaign.extensions import db
from campaign.models import PrivacyAction, Signature
from tests.campaigners.helpers import add_signature, csrf_free, make_account, signed_in
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


def test_an_admin_erases_a_leavers_account_after_ticking_the_box(app, client):
    from campaign.campaigners import exports
    from campaign.models import Account

    leaver = make_account("leaver@example.org", "campaigner")
    record = exports.counts_export(leaver, make_campaign(), "council", "csv", "192.0.2.77")
    b"".join(record.chunks)
    admin = _admin(app, client)
    page = admin.get("/campaigners/privacy/")
    assert "Erase a campaigner's account" in page.get_data(as_text=True)
    unticked = admin.post(
        "/campaigners/privacy/erase-account", data={"account-email": "leaver@example.org"}
    )
    assert unticked.status_code == 400
    assert "Tick the box to confirm you want to erase this account" in unticked.get_data(
        as_text=True
    )
    done = admin.post(
        "/campaigners/privacy/erase-account",
        data={"account-email": "Leaver@Example.org", "account-confirm": "y"},
    )
    assert done.status_code == 302
    label = f"a removed account #{leaver.id}"
    assert db.session.get(Account, leaver.id).email == label
    log = admin.get("/campaigners/audit").get_data(as_text=True)
    assert label in log and "leaver@example.org" not in log
    accounts_page = admin.get("/campaigners/accounts/").get_data(as_text=True)
    assert label not in accounts_page and "leaver" not in accounts_page
    assert admin.post(f"/campaigners/accounts/{leaver.id}/reactivate").status_code == 404
    audit = db.session.scalar(select(PrivacyAction))
    acting = db.session.scalar(select(Account.id).where(Account.email == "admin@example.org"))
    assert (audit.action, audit.via, audit.account_id) == ("erase", "web", acting)


@pytest.mark.parametrize(
    ("email", "status", "message"),
    [
        ("admin@example.org", 409, "You cannot erase your own account; ask another admin"),
        ("nobody@example.org", 409, "No campaigner account has the address nobody@example.org"),
        ("", 400, "Enter the address of the campaigner account to erase"),
    ],
)
def test_erasing_an_account_that_may_not_be_erased_says_why(app, client, email, status, message):
    admin = _admin(app, client)
    response = admin.post(
        "/campaigners/privacy/erase-account",
        data={"account-email": email, "account-confirm": "y"},
    )
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
