"""All models, one module per domain, re-exported so Alembic and callers see one namespace."""

from campaign.models.campaigns import Campaign, ConsentWording
from campaign.models.consent import ConsentRecord
from campaign.models.counts import SignatureCount
from campaign.models.outbox import OutboxMessage
from campaign.models.signatures import Signature

__all__ = [
    "Campaign",
    "ConsentRecord",
    "ConsentWording",
    "OutboxMessage",
    "Signature",
    "SignatureCount",
]
