"""Hand outbox messages to SendGrid's v3 Mail Send API with the official `sendgrid` client.

Many messages go in one request: SendGrid takes up to 1,000 personalizations per request, each
with its own recipient, subject, headers, custom args and substitutions. Because bodies are
rendered per person when they are enqueued, the request's content is just two substitution tags
and each personalization substitutes its own text and HTML body. SendGrid caps substitutions at
10,000 bytes per personalization, so a message too large for that goes in a request of its own.

Every personalization carries the outbox id in its custom args: SendGrid copies custom args into
each Event Webhook event, which ties delivered/bounce/... events back to the message, and lets the
worker find out whether a request whose answer was lost had in fact been accepted.
"""

from __future__ import annotations

import http.client
import re
import time
import urllib.error
from collections.abc import Iterator, Sequence
from email.utils import parseaddr
from typing import Any

import python_http_client.exceptions as http_errors
from sendgrid import SendGridAPIClient

from campaign import config as settings
from campaign.mail.errors import DeliveryError, PermanentFailure, TemporaryFailure, UncertainOutcome
from campaign.mail.interface import Result
from campaign.models import OutboxMessage

MAX_PERSONALIZATIONS = 1000
MAX_SUBSTITUTION_BYTES = 10_000
TEXT_TAG, HTML_TAG = "-best-start-text-body-", "-best-start-html-body-"
# SendGrid rejects these in `headers`: it sets them itself.
RESERVED_HEADERS = {
    "x-sg-id",
    "x-sg-eid",
    "received",
    "dkim-signature",
    "content-type",
    "content-transfer-encoding",
    "to",
    "from",
    "subject",
    "reply-to",
    "cc",
    "bcc",
}


class SendGridBackend:
    name = "sendgrid"
    max_batch = MAX_PERSONALIZATIONS
    # SendGrid has no idempotency keys: the same message sent twice reaches the person twice.
    idempotent = False

    def __init__(
        self,
        api_key: str,
        mail_from: str,
        host: str = settings.DEFAULT_SENDGRID_API_HOST,
        sandbox: bool = False,
        timeout: float = settings.DEFAULT_SENDGRID_TIMEOUT,
    ):
        if not api_key:
            raise ValueError("SENDGRID_API_KEY is not set: the SendGrid backend cannot send")
        self.client = SendGridAPIClient(api_key=api_key, host=host.rstrip("/"))
        self.client.client.timeout = timeout
        from_name, from_email = parseaddr(mail_from)
        self.sender = {"email": from_email, **({"name": from_name} if from_name else {})}
        self.sandbox = sandbox

    @classmethod
    def from_config(cls, config: Any) -> SendGridBackend:
        return cls(
            api_key=config["SENDGRID_API_KEY"] or "",
            mail_from=config["MAIL_FROM"],
            host=config["SENDGRID_API_HOST"],
            sandbox=bool(config["SENDGRID_SANDBOX"]),
            timeout=float(config["SENDGRID_TIMEOUT"]),
        )

    def send(self, message: OutboxMessage) -> str | None:
        """Hand over one message; raises a DeliveryError if it was not (surely) accepted."""
        result = self.send_many([message])[0]
        if result.error:
            raise result.error
        return result.provider_message_id

    def send_many(self, messages: Sequence[OutboxMessage]) -> list[Result]:
        """Hand over messages in as few requests as possible; one Result per message, in order.

        After a temporary or uncertain failure the remaining requests are not attempted (they
        get a TemporaryFailure): a provider that is down or rate limiting should not be hammered.
        """
        results = {id(m): Result(m) for m in messages}
        stop: DeliveryError | None = None
        for group in _groups(messages):
            if stop:
                for message in group:
                    results[id(message)].error = TemporaryFailure(
                        f"not attempted: {stop.detail}", stop.retry_after
                    )
                continue
            for result in self._send_group(group):
                results[id(result.message)] = result
                if isinstance(result.error, (TemporaryFailure, UncertainOutcome)):
                    stop = result.error
        return [results[id(m)] for m in messages]

    def _send_group(self, group: list[OutboxMessage]) -> list[Result]:
        try:
            provider_id = self._post(self.payload(group))
        except PermanentFailure as error:
            if len(group) == 1:
                return [Result(group[0], error=error)]
            # One bad address fails the whole request: halve the batch until it is found, so the
            # good messages still go in a few requests (about 2 log2 n for one bad address).
            middle = len(group) // 2
            return self._send_group(group[:middle]) + self._send_group(group[middle:])
        except DeliveryError as error:
            return [Result(message, error=error) for message in group]
        return [Result(message, provider_message_id=provider_id) for message in group]

    def payload(self, group: Sequence[OutboxMessage]) -> dict:
        """The Mail Send request body for messages that share one request."""
        shared = len(group) > 1
        first = group[0]
        if shared:
            content = [{"type": "text/plain", "value": TEXT_TAG}]
            if first.html_body:
                content.append({"type": "text/html", "value": HTML_TAG})
        else:
            content = [{"type": "text/plain", "value": first.text_body}]
            if first.html_body:
                content.append({"type": "text/html", "value": first.html_body})
        body = {
            "from": self.sender,
            "personalizations": [_personalization(m, substitute=shared) for m in group],
            "content": content,
            # Privacy: no tracking pixels, and confirmation links are not rewritten.
            "tracking_settings": {
                "click_tracking": {"enable": False, "enable_text": False},
                "open_tracking": {"enable": False},
            },
        }
        if self.sandbox:
            body["mail_settings"] = {"sandbox_mode": {"enable": True}}
        return body

    def _post(self, body: dict) -> str | None:
        try:
            response = self.client.send(body)
        except http_errors.HTTPError as error:
            raise _classify_status(error.status_code, error.headers, error.body) from None
        except urllib.error.URLError as error:
            # urllib raises URLError only while connecting or writing the request.
            raise TemporaryFailure(f"could not reach SendGrid: {error.reason}") from None
        except (OSError, http.client.HTTPException) as error:
            raise UncertainOutcome(
                f"no clear answer from SendGrid ({type(error).__name__}: {error})"
            ) from None
        if not 200 <= response.status_code < 300:
            raise _classify_status(response.status_code, response.headers, response.body)
        return response.headers.get("X-Message-Id")


def _recipient(message: OutboxMessage) -> dict[str, str]:
    # SendGrid refuses a whole request when a display name holds a comma or a semicolon.
    name = " ".join(re.sub(r"[,;\"<>]", " ", getattr(message, "to_name", None) or "").split())
    return {"email": message.to_email, **({"name": name[:100]} if name else {})}


def _personalization(message: OutboxMessage, substitute: bool) -> dict:
    item: dict[str, Any] = {
        "to": [_recipient(message)],
        "subject": message.subject,
        "custom_args": {"outbox_id": str(message.id), "kind": message.kind},
    }
    headers = {
        k: str(v) for k, v in (message.headers or {}).items() if k.lower() not in RESERVED_HEADERS
    }
    if headers:
        item["headers"] = headers
    if substitute:
        item["substitutions"] = {TEXT_TAG: message.text_body}
        if message.html_body:
            item["substitutions"][HTML_TAG] = message.html_body
    return item


def substitution_bytes(message: OutboxMessage) -> int:
    size = len(TEXT_TAG) + len(message.text_body.encode())
    if message.html_body:
        size += len(HTML_TAG) + len(message.html_body.encode())
    return size


def _groups(messages: Sequence[OutboxMessage]) -> Iterator[list[OutboxMessage]]:
    """Messages that can share a request (same content shape, small enough), in order."""
    shared: dict[bool, list[OutboxMessage]] = {True: [], False: []}
    for message in messages:
        if substitution_bytes(message) > MAX_SUBSTITUTION_BYTES:
            yield [message]
            continue
        bucket = shared[bool(message.html_body)]
        bucket.append(message)
        if len(bucket) == MAX_PERSONALIZATIONS:
            yield bucket[:]
            bucket.clear()
    for bucket in shared.values():
        if bucket:
            yield bucket


def _classify_status(status: int, headers: Any, body: bytes | str | None) -> DeliveryError:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    detail = f"SendGrid answered {status}: {text[:300]}"
    if status == 429 or status >= 500:
        return TemporaryFailure(detail, retry_after=_retry_after(headers))
    if status in (401, 403):
        # Our credentials, not the message: keep the message and retry once someone fixes it.
        return TemporaryFailure(f"{detail} (check SENDGRID_API_KEY)")
    return PermanentFailure(detail)


def _retry_after(headers: Any) -> float | None:
    """Seconds to wait, from X-RateLimit-Reset (a Unix time) or Retry-After (seconds)."""
    if headers is None:
        return None
    reset, retry_after = headers.get("X-RateLimit-Reset"), headers.get("Retry-After")
    try:
        if reset:
            return max(0.0, float(reset) - time.time())
        if retry_after:
            return max(0.0, float(retry_after))
    except ValueError:
        return None
    return None
