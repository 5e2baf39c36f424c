"""How a hand-over to the mail provider can fail, as the outbox worker must treat it.

The distinction that matters is whether the provider may have accepted the message: a refused
connection or an error status means it did not (safe to send again), while a timeout or a broken
answer after the request went out means nobody knows (sending again could mail a person twice).
"""

from __future__ import annotations

import re

# Provider answers end up in the outbox's last_error: keep them printable (PostgreSQL refuses NUL).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class DeliveryError(Exception):
    def __init__(self, detail: str, retry_after: float | None = None):
        detail = _UNPRINTABLE.sub("?", detail)[:1000]
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


class TemporaryFailure(DeliveryError):
    """The provider did not take the message; try again later (after retry_after if given)."""


class PermanentFailure(DeliveryError):
    """The provider refused this message for good (bad address, invalid content)."""


class UncertainOutcome(DeliveryError):
    """The request went out but no clear answer came back: it may or may not have been accepted."""


def unexpected(error: Exception) -> TemporaryFailure:
    """Anything else a backend raised for a message (a bug, an address it cannot encode): that
    message is retried with backoff like any temporary failure, each attempt counted, so the
    attempt cap ends it; it never stops the other messages in the pass."""
    return TemporaryFailure(f"{type(error).__name__}: {error}")
