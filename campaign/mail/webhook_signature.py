"""Verify SendGrid's signed Event Webhook posts with the `sendgrid` library's EventWebhook helper.

SendGrid signs timestamp + raw body with ECDSA (P-256, SHA-256). A valid signature alone does not
stop a captured post from being sent again, so the timestamp must be recent and each signature is
accepted once (the caller records `Verified.digest` in the same transaction as the events).
"""

from __future__ import annotations

import binascii
import hashlib
import time
from dataclasses import dataclass

from cryptography.exceptions import UnsupportedAlgorithm
from sendgrid.helpers.eventwebhook import EventWebhook, EventWebhookHeader

DEFAULT_TOLERANCE_SECONDS = 600


class WebhookRejected(Exception):
    def __init__(self, reason: str, status: int = 403):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Verified:
    digest: str  # identifies this signed post, for replay protection
    timestamp: int


def load_verifier(public_key: str | None) -> EventWebhook:
    """An EventWebhook for the configured key; a clear error if the key is missing or broken."""
    if not public_key:
        raise WebhookRejected("SENDGRID_WEBHOOK_PUBLIC_KEY is not configured", status=503)
    try:
        return EventWebhook(public_key.strip())
    except (ValueError, UnsupportedAlgorithm) as error:
        raise WebhookRejected(
            f"SENDGRID_WEBHOOK_PUBLIC_KEY is not a valid key: {error}", status=503
        ) from None


def verify(
    body: bytes,
    headers,
    verifier: EventWebhook,
    tolerance: float = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> Verified:
    """Check signature and freshness; raise WebhookRejected with a short reason otherwise."""
    signature = headers.get(EventWebhookHeader.SIGNATURE)
    stamp = headers.get(EventWebhookHeader.TIMESTAMP)
    if not signature or not stamp:
        raise WebhookRejected("unsigned: signature and timestamp headers are required", 401)
    try:
        timestamp = int(stamp)
        payload = body.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise WebhookRejected("malformed timestamp or body", 400) from None
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise WebhookRejected("timestamp outside the accepted window (stale or replayed)")
    try:
        valid = verifier.verify_signature(payload, signature, stamp)
    except (binascii.Error, ValueError):
        valid = False
    if not valid:
        raise WebhookRejected("signature does not match the body")
    return Verified(digest=hashlib.sha256(signature.encode()).hexdigest(), timestamp=timestamp)
