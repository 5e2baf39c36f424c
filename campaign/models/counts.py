from sqlalchemy import ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model


class SignatureCount(Model):
    """Exact confirmed counts per campaign, council and constituency, changed in the same
    transaction as the signature they count. Each (campaign, council, constituency) is split
    over a few shards so that a burst of confirmations does not queue on one hot row; a read
    sums the shards."""

    __tablename__ = "signature_counts"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    # "" stands for signatures with no council (outside the UK).
    council_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    # "" for signatures with no constituency (outside the UK, or a postcode without coordinates).
    constituency_code: Mapped[str] = mapped_column(String(9), primary_key=True, default="")
    shard: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
