from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

SIGNATURE_STATES = ("pending", "confirmed", "withdrawn", "invalidated")
# At most two signatures per email per campaign: the signer and one other in the household.
HOUSEHOLD_SLOTS = (0, 1)


class Signature(Model):
    """One person's signature. `household_slot` lets the database itself enforce the rule of at
    most two signatures per canonical email per campaign (slot 0, and slot 1 for a second person
    in the same household)."""

    __tablename__ = "signatures"
    __table_args__ = (
        UniqueConstraint("campaign_id", "email_canonical", "household_slot"),
        one_of("household_slot", HOUSEHOLD_SLOTS),
        one_of("status", SIGNATURE_STATES),
        Index("ix_signatures_campaign_status_created", "campaign_id", "status", "created_at"),
        # Abuse checks and bulk invalidation look for bursts from one address in a campaign.
        Index("ix_signatures_campaign_ip", "campaign_id", "ip_address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    email_canonical: Mapped[str] = mapped_column(String(254))
    household_slot: Mapped[int] = mapped_column(default=0)
    postcode: Mapped[str | None] = mapped_column(String(8))
    country: Mapped[str | None] = mapped_column(String(60))
    council_code: Mapped[str | None] = mapped_column(String(9), index=True)
    council_name: Mapped[str | None] = mapped_column(String(100))
    # Westminster constituency (PCON24CD), from the same postcode lookup as the council.
    constituency_code: Mapped[str | None] = mapped_column(String(9))
    # Where the signer came from: `?source=` or `utm_source`, the other UTM parameters, and the
    # share code of the signature whose link they followed.
    source: Mapped[str | None] = mapped_column(String(40))
    utm_medium: Mapped[str | None] = mapped_column(String(40))
    utm_campaign: Mapped[str | None] = mapped_column(String(100))
    referrer_code: Mapped[str | None] = mapped_column(String(12))
    # This signature's own code for its share links (random, so it reveals nothing).
    share_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    email_updates: Mapped[bool] = mapped_column(default=False)
    consent_wording_id: Mapped[int] = mapped_column(ForeignKey("consent_wordings.id"))
    ip_address: Mapped[str | None] = mapped_column(String(45), index=True)
    user_agent: Mapped[str | None] = mapped_column(String(300))
    # A sign-up's extra questions: question text -> the choices ticked (signup_questions).
    answers: Mapped[dict | None] = mapped_column(JSON)
    emails_sent: Mapped[int] = mapped_column(default=0)
    repeat_attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]
    invalidated_at: Mapped[datetime | None]
    # When its personal data was removed (campaign/privacy/): the row stays, for the counts.
    anonymised_at: Mapped[datetime | None]
