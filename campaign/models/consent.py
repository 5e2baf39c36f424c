from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

CONSENT_PURPOSES = ("privacy", "email_updates")
CONSENT_ACTIONS = ("given", "withdrawn")


class ConsentRecord(Model):
    """An append-only record of each consent given or withdrawn, as the ICO expects: who, when,
    the exact wording they saw, how they gave or withdrew it."""

    __tablename__ = "consent_records"
    __table_args__ = (
        one_of("purpose", CONSENT_PURPOSES),
        one_of("action", CONSENT_ACTIONS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    purpose: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))
    wording: Mapped[str] = mapped_column(String(2000))
    consent_wording_id: Mapped[int | None] = mapped_column(ForeignKey("consent_wordings.id"))
    method: Mapped[str] = mapped_column(String(60))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
