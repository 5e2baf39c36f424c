"""The transactional outbox: messages are written with the change that caused them and
delivered afterwards, with retries, by `flask outbox deliver`.

Most messages are rendered when they are queued. A signer's emails, queued at a signing peak, are
stored unrendered instead (`messages.unrendered_values`): the row names its kind and its signature,
and the delivery worker renders the body just before hand-over (`messages.render_waiting`), with
the renderer the owning package registered for that kind. The email is the same; the cost of
rendering it leaves the request.
"""

from dataclasses import replace

from flask import current_app

from campaign.extensions import DbSession
from campaign.mail.backends import get_backend
from campaign.mail.delivery import Policy, default_worker_id, deliver_once
from campaign.mail.messages import render
from campaign.models import OutboxMessage


def enqueue(
    session: DbSession,
    kind: str,
    to_email: str,
    context: dict,
    to_name: str | None = None,
    signature_id: int | None = None,
    headers: dict | None = None,
    campaign_update_id: int | None = None,
) -> OutboxMessage:
    """Render an email and add it to the outbox inside the caller's transaction."""
    message = OutboxMessage(
        **message_values(
            kind, to_email, context, to_name, signature_id, headers, campaign_update_id
        )
    )
    session.add(message)
    return message


def message_values(
    kind: str,
    to_email: str,
    context: dict,
    to_name: str | None = None,
    signature_id: int | None = None,
    headers: dict | None = None,
    campaign_update_id: int | None = None,
) -> dict:
    """An outbox row's columns, rendered: for `enqueue`, or for a bulk insert of many."""
    rendered = render(kind, **context)
    headers = dict(headers or {})
    if context.get("unsubscribe_url"):
        headers.setdefault("List-Unsubscribe", f"<{context['unsubscribe_url']}>")
        headers.setdefault("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    return {
        "kind": kind,
        "to_email": to_email,
        "to_name": to_name,
        "subject": rendered.subject,
        "text_body": rendered.text,
        "html_body": rendered.html,
        "headers": headers,
        "signature_id": signature_id,
        "campaign_update_id": campaign_update_id,
    }


def deliver(limit: int | None = None) -> int:
    """One delivery pass (claim, hand over, record). Returns how many were handed over."""
    backend = get_backend()
    policy = Policy.from_config(current_app.config, backend)
    if limit is not None:
        policy = replace(policy, batch_size=limit)
    return deliver_once(backend, policy, worker_id=default_worker_id()).sent
