"""What every delivery backend promises: hand messages over, and say what became of each.

The file backend and SendGrid both build on this module, and `backends.get_backend` picks one,
so neither backend module needs the other."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from campaign.mail.errors import DeliveryError
from campaign.models import OutboxMessage


@dataclass
class Result:
    """What became of one message: the provider's id for it, or the error that stopped it."""

    message: OutboxMessage
    provider_message_id: str | None = None
    error: DeliveryError | None = None

    @property
    def accepted(self) -> bool:
        return self.error is None


class MailBackend(Protocol):
    # True when handing the same message over twice cannot reach the person twice.
    idempotent: bool

    def send(self, message: OutboxMessage) -> str | None:
        """Hand one message over; return the provider's id, or raise a DeliveryError."""

    def send_many(self, messages: Sequence[OutboxMessage]) -> list[Result]:
        """Hand messages over in as few requests as possible; one Result each, in order."""
