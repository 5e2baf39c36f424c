"""`POST /webhooks/sendgrid`: SendGrid's signed Event Webhook.

Unsigned, tampered, stale and replayed posts are refused before anything is read from them.
A 2xx tells SendGrid the post is done with; any other answer makes it retry later, which is what
we want when our database is momentarily unable to take the events.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError

from campaign.extensions import csrf, db
from campaign.mail.events import read_events, record_events
from campaign.mail.webhook_signature import Verified, WebhookRejected, load_verifier, verify
from campaign.models import WebhookReceipt
from campaign.timeutil import utcnow

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
csrf.exempt(bp)  # authenticated by SendGrid's signature, not a browser session

MAX_BODY_BYTES = 8 * 1024 * 1024


@bp.before_request
def _allow_event_batches() -> None:
    # SendGrid batches many events in one post: more than the site-wide MAX_CONTENT_LENGTH.
    request.max_content_length = MAX_BODY_BYTES


@bp.post("/sendgrid")
def sendgrid_events():
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return _refuse("post too large", 413)
    body = request.get_data(cache=False)
    try:
        verifier = load_verifier(current_app.config.get("SENDGRID_WEBHOOK_PUBLIC_KEY"))
        verified = verify(
            body,
            request.headers,
            verifier,
            tolerance=current_app.config["SENDGRID_WEBHOOK_TOLERANCE_SECONDS"],
        )
    except WebhookRejected as rejected:
        return _refuse(rejected.reason, rejected.status)
    try:
        events = read_events(body)
    except (ValueError, RecursionError):  # not JSON, or nested too deeply to read
        return _refuse("body is not JSON", 400)
    try:
        return _record_post(events, verified)
    except (IntegrityError, OperationalError):
        # A concurrent post recorded the same event or signature first, or the database is
        # briefly unavailable: a non-2xx answer makes SendGrid post again later.
        db.session.rollback()
        log.warning("sendgrid webhook: could not record events now; asking for a retry")
        return _refuse("could not record the events now; retry later", 503)


def _record_post(events, verified: Verified):
    seen = select(WebhookReceipt.id).where(WebhookReceipt.signature_digest == verified.digest)
    if db.session.scalar(seen) is not None:
        return _refuse("replayed: this signed post was already accepted", 409)
    db.session.add(
        WebhookReceipt(
            signature_digest=verified.digest,
            signed_at=datetime.fromtimestamp(verified.timestamp, UTC).replace(tzinfo=None),
        )
    )
    _forget_old_receipts()
    outcome = record_events(events)
    db.session.commit()
    return jsonify(recorded=dict(outcome))


def _forget_old_receipts() -> None:
    """Receipts only need to outlive the timestamp window: older posts are refused as stale."""
    window = timedelta(seconds=2 * current_app.config["SENDGRID_WEBHOOK_TOLERANCE_SECONDS"])
    db.session.execute(delete(WebhookReceipt).where(WebhookReceipt.received_at < utcnow() - window))


def _refuse(reason: str, status: int):
    log.info("sendgrid webhook refused (%s): %s", status, reason)
    return jsonify(error=reason), status
