"""What SendGrid's Event Webhook tells us, and what we do about it.

Every event is recorded once (by sg_event_id). Events only SendGrid's acceptance can cause prove
that a message was handed over, which settles any message whose hand-over was uncertain. Hard
bounces, spam reports and drops for a bad or complaining address put the address on the
suppression list; an unsubscribe withdraws the person's consent to campaign updates, with a
consent record.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from campaign.core import consent
from campaign.core.email_addresses import canonical_email
from campaign.extensions import db
from campaign.mail.delivery import EVIDENCE_EVENTS
from campaign.models import MailEvent, OutboxMessage, Signature, Suppression
from campaign.timeutil import utcnow

KNOWN_EVENTS = {
    "processed",
    "delivered",
    "deferred",
    "bounce",
    "dropped",
    "spamreport",
    "unsubscribe",
    "group_unsubscribe",
    "group_resubscribe",
    "open",
    "click",
}
UNSUBSCRIBE_EVENTS = {"unsubscribe", "group_unsubscribe"}
# Drop reasons that mean the address itself must not be mailed again.
SUPPRESSING_DROP_REASONS = ("bounced address", "spam reporting address", "invalid")
UNSUBSCRIBE_METHOD = "unsubscribe reported by the mail provider"


def record_events(events: Any) -> Counter:
    """Apply a webhook post's events (in the caller's transaction). Returns counts by outcome."""
    outcome: Counter = Counter()
    if not isinstance(events, list):
        outcome["ignored"] += 1
        return outcome
    valid = [e for e in events if _valid(e)]
    if len(valid) < len(events):
        outcome["ignored"] += len(events) - len(valid)
    seen = set(
        db.session.scalars(
            select(MailEvent.sg_event_id).where(
                MailEvent.sg_event_id.in_({e["sg_event_id"] for e in valid})
            )
        )
    )
    claimed_ids = {_outbox_id(e.get("outbox_id")) for e in valid} - {None}
    known_ids = set(
        db.session.scalars(select(OutboxMessage.id).where(OutboxMessage.id.in_(claimed_ids)))
    )
    proven: dict[str | None, list[int]] = {}
    for event in valid:
        if event["sg_event_id"] in seen:
            outcome["duplicate"] += 1
            continue
        seen.add(event["sg_event_id"])
        outbox_id = _outbox_id(event.get("outbox_id"))
        outbox_id = outbox_id if outbox_id in known_ids else None
        _apply(event, outbox_id)
        if outbox_id is not None and event["event"] in EVIDENCE_EVENTS:
            proven.setdefault(_request_id(event.get("sg_message_id")), []).append(outbox_id)
        outcome[event["event"]] += 1
    for provider_id, ids in proven.items():
        _settle_uncertain(ids, provider_id)
    return outcome


def _valid(event: Any) -> bool:
    return (
        isinstance(event, dict)
        and event.get("event") in KNOWN_EVENTS
        and _printable(event.get("sg_event_id"), 100)
        and _printable(event.get("email"), 254)
    )


def _printable(value: Any, limit: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= limit and value.isprintable()


def _apply(event: dict, outbox_id: int | None) -> None:
    kind, email = event["event"], event["email"].strip().lower()
    reason = _text(event.get("reason") or event.get("response") or event.get("type"))
    db.session.add(
        MailEvent(
            sg_event_id=event["sg_event_id"],
            event=kind,
            email=email,
            outbox_message_id=outbox_id,
            reason=reason,
            occurred_at=_when(event.get("timestamp")),
            payload=event,
        )
    )
    if kind == "bounce" and event.get("type", "bounce") == "bounce":
        suppress(email, "bounce", reason)
    elif kind == "spamreport":
        suppress(email, "spamreport", "reported our email as spam")
    elif kind == "dropped" and reason and reason.lower().startswith(SUPPRESSING_DROP_REASONS):
        suppress(email, "dropped", reason)
    if kind in UNSUBSCRIBE_EVENTS or kind == "spamreport":
        withdraw_updates_for(email)


def _settle_uncertain(outbox_ids: list[int], provider_id: str | None) -> None:
    """The provider has these messages, so any still `sending` were handed over: never resend."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(outbox_ids), OutboxMessage.status == "sending")
        .values(
            status="sent",
            sent_at=utcnow(),
            lease_expires_at=None,
            last_error=None,
            provider_message_id=provider_id,
        )
        .execution_options(synchronize_session=False)
    )


def _request_id(sg_message_id) -> str | None:
    """SendGrid's per-message id is the request's X-Message-Id plus a suffix after a dot."""
    text = _text(sg_message_id)
    return text.split(".")[0][:200] if text else None


def suppress(email: str, reason: str, detail: str | None) -> None:
    email = email.strip().lower()
    exists = db.session.scalar(select(Suppression.id).where(Suppression.email == email))
    if exists is None:
        db.session.add(Suppression(email=email, reason=reason, detail=detail))
        db.session.flush()


def withdraw_updates_for(email: str) -> int:
    """Withdraw consent to updates on every signature of this mailbox that had given it."""
    signatures = db.session.scalars(
        select(Signature).where(
            Signature.email_canonical == canonical_email(email), Signature.email_updates.is_(True)
        )
    )
    return sum(consent.withdraw_updates(db.session, s, UNSUBSCRIBE_METHOD) for s in signatures)


def _outbox_id(value: Any) -> int | None:
    if isinstance(value, str) and value.isdigit() and len(value) < 18:
        return int(value)
    return None


def _text(value: Any) -> str | None:
    if not isinstance(value, (str, int)) or value == "":
        return None
    return "".join(c if c.isprintable() else "?" for c in str(value)[:500])


def _when(value: Any) -> datetime | None:
    if isinstance(value, int) and 0 < value < 2**33:
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
    return None
