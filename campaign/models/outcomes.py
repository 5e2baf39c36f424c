from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

MILESTONE_KINDS = ("handed_in", "response_received", "debate", "decision")


class Milestone(Model):
    """A step in a campaign's story after the count: handed in, answered, debated, decided."""

    __tablename__ = "campaign_milestones"
    __table_args__ = (one_of("kind", MILESTONE_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    happened_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TargetResponse(Model):
    """What the target answered: one per campaign. `emailed_at` is set in the same transaction
    that queues the copies to signers, and only where it was empty, so it is mailed once."""

    __tablename__ = "campaign_responses"
    __table_args__ = (UniqueConstraint("campaign_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    responded_by: Mapped[str] = mapped_column(String(200))
    responded_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(254))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    emailed_at: Mapped[datetime | None]
    campaign_update_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_updates.id"))
