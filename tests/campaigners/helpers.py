"""Factories and a signed-in client for the campaigners' tests."""

from datetime import datetime, timedelta

from campaign.campaigners.accounts import create_account
from campaign.core import counts
from campaign.core.campaigns import current_wording
from campaign.core.email_addresses import canonical_email
from campaign.extensions import db
from campaign.models import Signature
from campaign.timeutil import utcnow

PASSWORD = "tulip-marble-31-orbit"
SHEFFIELD = ("E08000039", "Sheffield")
CORNWALL = ("E06000052", "Cornwall")
CARDIFF = ("W06000015", "Cardiff")


def make_account(
    email: str = "campaigner@example.org", role: str = "campaigner", password: str = PASSWORD
):
    return create_account(email, password, role)


def signed_in(client, email: str = "campaigner@example.org", role: str = "campaigner"):
    make_account(email, role)
    response = client.post("/campaigners/sign-in", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_free(app) -> None:
    app.config["WTF_CSRF_ENABLED"] = False


def add_signature(
    campaign,
    name="Ada Lovelace",
    email=None,
    *,
    status="confirmed",
    council=SHEFFIELD,
    postcode="S1 2HH",
    email_updates=True,
    ip="198.51.100.1",
    created_at: datetime | None = None,
    repeat_attempts=0,
    country=None,
    constituency=None,
):
    """A signature row as signing and confirming would leave it, counts included."""
    email = email or f"{name.lower().replace(' ', '.')}@example.org"
    created_at = created_at or utcnow() - timedelta(hours=1)
    signature = Signature(
        campaign_id=campaign.id,
        name=name,
        email=email,
        email_canonical=canonical_email(email),
        postcode=postcode,
        country=country,
        council_code=council[0] if council else None,
        council_name=council[1] if council else None,
        constituency_code=constituency,
        status=status,
        email_updates=email_updates,
        consent_wording_id=current_wording(campaign).id,
        ip_address=ip,
        created_at=created_at,
        repeat_attempts=repeat_attempts,
        confirmed_at=created_at + timedelta(minutes=5) if status == "confirmed" else None,
    )
    db.session.add(signature)
    db.session.flush()
    if status == "confirmed":
        counts.adjust(db.session, campaign.id, signature.council_code, +1, constituency)
    db.session.commit()
    return signature


def forget_cached_user() -> None:
    """Flask-Login caches the user on `g`, which lives as long as the app context; the tests
    share one app context across requests, so clear it to make the next request load the
    account from its session cookie, as a real request would."""
    from flask import g

    g.pop("_login_user", None)
