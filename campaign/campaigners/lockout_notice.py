"""Telling an account's owner, by email, that sign-in to their account was locked after wrong
passwords: if it was not them, they know someone is trying, and whom to tell."""

from campaign.extensions import db
from campaign.mail import outbox
from campaign.models.campaigners import Account
from campaign.urls import external_url


def tell_owner_of_lockout(account: Account) -> None:
    """Queue the email in the caller's transaction (the caller commits)."""
    outbox.enqueue(
        db.session,
        "sign_in_locked",
        account.email,
        {"sign_in_url": external_url("campaigners.sign_in")},
    )
