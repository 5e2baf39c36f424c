"""Letters to MPs, counted by constituency.

The letter itself is written and sent by the person, from their own email or on paper; the
platform records only that one was written, for which campaign and constituency, and how it
went. Its text is kept only when the person asks the campaign to keep a copy."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.timeutil import utcnow

LETTER_ROUTES = ("email", "print")


class MPLetter(Model):
    __tablename__ = "mp_letters"
    __table_args__ = (
        CheckConstraint("route IN ('email', 'print')", name="route"),
        Index("ix_mp_letters_campaign_constituency", "campaign_id", "constituency_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    constituency_code: Mapped[str] = mapped_column(String(9))
    route: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    kept_text: Mapped[str | None] = mapped_column(Text)  # only when the writer asked
