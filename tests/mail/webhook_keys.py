"""Sign Event Webhook posts the way SendGrid does (ECDSA P-256 over SHA-256 of timestamp+body),
with a key pair made for the test run."""

import base64
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"


class WebhookSigner:
    def __init__(self) -> None:
        self._private_key = ec.generate_private_key(ec.SECP256R1())
        der = self._private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        # SendGrid shows the verification key as base64 DER without PEM armour.
        self.public_key = base64.b64encode(der).decode()

    @classmethod
    def shared(cls) -> "WebhookSigner":
        """One key pair for the whole run (making one takes a moment)."""
        if not hasattr(cls, "_shared"):
            cls._shared = cls()
        return cls._shared

    def headers(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = self._private_key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        return {SIGNATURE_HEADER: base64.b64encode(signature).decode(), TIMESTAMP_HEADER: stamp}
