"""The emails a signer gets: their rows in the outbox, the links they carry, and rendering them.

The confirmation email (and the "you have already signed" one) is queued unrendered while
signing and rendered by the mail worker when it is sent (campaign/mail/messages.py): a signing
peak renders no emails, and a repeat's answer does no more work than a new signature's, so its
timing does not tell whether an address has signed. The thank-you email, queued on
confirmation, is rendered when it is queued.
"""

from collections.abc import Sequence

from sqlalchemy import select

from campaign.core.tokens import make_token
from campaign.extensions import db
from campaign.mail import outbox
from campaign.mail.messages import render_at_send, unrendered_values
from campaign.models import Campaign, OutboxMessage, Signature
from campaign.urls import council_page_url, external_url

MAX_EMAILS_PER_SIGNATURE = 5


# Emails queued while signing go unrendered: the mail worker renders them when it sends them.
RENDERED_AT_SEND = ("confirm", "already_signed")


def send(signature: Signature, kind: str) -> None:
    """Queue an email to a signer, unless they have had the most a signature may send."""
    if signature.emails_sent >= MAX_EMAILS_PER_SIGNATURE:
        return
    signature.emails_sent += 1
    db.session.add(OutboxMessage(**_message(signature, kind)))


def queue(signature: Signature, kind: str) -> None:
    db.session.add(OutboxMessage(**_message(signature, kind)))


def _message(signature: Signature, kind: str) -> dict:
    if kind in RENDERED_AT_SEND:
        return unrendered_values(kind, signature.email, signature.name, signature.id)
    campaign = db.session.get_one(Campaign, signature.campaign_id)
    return email_values(signature, campaign, kind)


def _render_for_signers(messages: Sequence[OutboxMessage]) -> None:
    """The mail worker's renderer for RENDERED_AT_SEND: the email `email_values` gives, from the
    signature as it is now. A message whose signature is gone is left unrendered."""
    ids = {m.signature_id for m in messages}
    signatures = {
        s.id: s for s in db.session.scalars(select(Signature).where(Signature.id.in_(ids)))
    }
    for message in messages:
        signature = signatures.get(message.signature_id or 0)
        if signature is None:
            continue
        campaign = db.session.get_one(Campaign, signature.campaign_id)
        values = email_values(signature, campaign, message.kind)
        for column in ("subject", "text_body", "html_body", "headers"):
            setattr(message, column, values[column])


for _kind in RENDERED_AT_SEND:
    render_at_send(_kind, _render_for_signers)


def email_values(signature: Signature, campaign: Campaign, kind: str) -> dict:
    """The outbox row for an email to a signer, rendered with the links it carries."""
    return outbox.message_values(
        kind=kind,
        to_email=signature.email,
        to_name=signature.name,
        signature_id=signature.id,
        context={
            "name": signature.name,
            "campaign": campaign,
            "confirm_url": external_url(
                "petitions.confirm",
                slug=campaign.slug,
                token=make_token("confirm", signature.id, campaign.id),
            ),
            "petition_url": external_url("petitions.show", slug=campaign.slug),
            "council_name": signature.council_name,
            "council_url": council_page_url(signature.council_code),
            **links_for(signature, campaign),
        },
    )


def links_for(signature: Signature, campaign: Campaign) -> dict[str, str]:
    """The links every email to a signer carries: unsubscribe and withdraw."""
    return {
        "unsubscribe_url": external_url(
            "petitions.unsubscribe", token=make_token("unsubscribe", signature.id)
        ),
        "withdraw_url": external_url(
            "petitions.withdraw",
            slug=campaign.slug,
            token=make_token("withdraw", signature.id, campaign.id),
        ),
    }
