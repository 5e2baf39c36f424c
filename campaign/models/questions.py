from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.timeutil import utcnow


class SignupQuestion(Model):
    """An extra question on a sign-up's form, such as "Which of these could you do?", with
    tick-box choices. Answers are stored on the signature as the words ticked."""

    __tablename__ = "signup_questions"
    __table_args__ = (UniqueConstraint("campaign_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(200))
    choices: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
