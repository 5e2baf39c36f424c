from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

PRIVACY_ACTIONS = ("export", "erase", "anonymise")
PRIVACY_VIA = ("command", "web")


class PrivacyAction(Model):
    """The audit log of the privacy tools (campaign/privacy/): what was done, by whom, when and
    to how many rows. Never whose data: recording the erased address would undo the erasure."""

    __tablename__ = "privacy_actions"
    __table_args__ = (one_of("action", PRIVACY_ACTIONS), one_of("via", PRIVACY_VIA))

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(20))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("campaigner_accounts.id"))
    via: Mapped[str] = mapped_column(String(20))
    rows_changed: Mapped[int] = mapped_column(default=0)
    detail: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
