from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.timeutil import utcnow


class CampaignUpdate(Model):
    """A campaign update a campaigner sent to the signers who opted in; each recipient's copy is
    an outbox message pointing here, so progress and failures can be shown per update."""

    __tablename__ = "campaign_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    sent_by: Mapped[str] = mapped_column(String(254))
    recipient_count: Mapped[int] = mapped_column(default=0)
    # Who it went to, in words ("Everyone opted in", or the councils, regions and
    # constituencies chosen), as shown to the campaigner when it was sent.
    audience: Mapped[str] = mapped_column(String(1000), default="Everyone opted in")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
