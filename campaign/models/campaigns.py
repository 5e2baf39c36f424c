from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

CAMPAIGN_KINDS = ("petition", "signup")
CAMPAIGN_STATES = ("draft", "open", "closed")


class Campaign(Model):
    __tablename__ = "campaigns"
    __table_args__ = (
        one_of("kind", CAMPAIGN_KINDS),
        one_of("state", CAMPAIGN_STATES),
        CheckConstraint("goal >= 0", name="goal_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="petition")
    title: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(200), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    goal: Mapped[int] = mapped_column(default=0)
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    state: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consent_wordings: Mapped[list["ConsentWording"]] = relationship(
        back_populates="campaign", order_by="ConsentWording.version"
    )

    def is_open(self, now: datetime) -> bool:
        return is_open_at(self.state, self.opens_at, self.closes_at, now)


def is_open_at(
    state: str, opens_at: datetime | None, closes_at: datetime | None, now: datetime
) -> bool:
    """Whether a campaign in this state, with these dates, takes signatures at `now`."""
    if state != "open":
        return False
    if opens_at and now < opens_at:
        return False
    return not (closes_at and now >= closes_at)


class ConsentWording(Model):
    """The exact words a person agreed to. Never edited: a change is a new version."""

    __tablename__ = "consent_wordings"
    __table_args__ = (UniqueConstraint("campaign_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    version: Mapped[int]
    privacy_text: Mapped[str] = mapped_column(Text)
    updates_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(254))

    campaign: Mapped[Campaign] = relationship(back_populates="consent_wordings")
