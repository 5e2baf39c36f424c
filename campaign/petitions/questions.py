"""A sign-up's extra questions ("Which of these could you do?"): tick-box choices on the form,
the answers carried by the signing request and stored with the signature, as the words ticked."""

from dataclasses import dataclass

from sqlalchemy import func, select

from campaign.core.cache import Cache
from campaign.extensions import db
from campaign.models import Campaign, SignupQuestion

MAX_QUESTIONS = 3
MAX_CHOICES = 8
MAX_TEXT = 200


class QuestionRejected(ValueError):
    """The question cannot be asked as written; the message says what to change."""


@dataclass(frozen=True)
class Question:
    id: int
    text: str
    choices: tuple[str, ...]

    def field_name(self, index: int) -> str:
        return f"question_{self.id}_{index}"


_questions: Cache[tuple[Question, ...]] = Cache(maxsize=1000, ttl_setting="CAMPAIGN_CACHE_SECONDS")


def for_campaign(campaign_id: int) -> tuple[Question, ...]:
    return _questions.get_or_set(campaign_id, lambda: _read(campaign_id))


def _read(campaign_id: int) -> tuple[Question, ...]:
    rows = db.session.scalars(
        select(SignupQuestion)
        .where(SignupQuestion.campaign_id == campaign_id)
        .order_by(SignupQuestion.position)
    )
    return tuple(Question(row.id, row.text, tuple(row.choices)) for row in rows)


def answers_from(campaign_id: int, form) -> dict[str, list[str]] | None:
    """The choices ticked in a submitted form, by question text; None when nothing was asked
    or nothing ticked. Anything not offered is ignored."""
    answers = {}
    for question in for_campaign(campaign_id):
        ticked = [
            choice
            for index, choice in enumerate(question.choices)
            if form.get(question.field_name(index)) == "y"
        ]
        if ticked:
            answers[question.text] = ticked
    return answers or None


def add_question(campaign: Campaign, text: str, choices: list[str]) -> SignupQuestion:
    """Add a question to a sign-up. Raises QuestionRejected with a message for people."""
    text = " ".join(text.split())
    choices = [" ".join(c.split()) for c in choices if c.strip()]
    if campaign.kind != "signup":
        raise QuestionRejected("Only sign-ups ask extra questions")
    if not text or len(text) > MAX_TEXT:
        raise QuestionRejected(f"Enter the question in {MAX_TEXT} characters or fewer")
    if not 2 <= len(choices) <= MAX_CHOICES or any(len(c) > MAX_TEXT for c in choices):
        raise QuestionRejected(f"Give between 2 and {MAX_CHOICES} choices, each one line")
    if len(set(choices)) != len(choices):
        raise QuestionRejected("Each choice must be different")
    asked = db.session.scalar(
        select(func.max(SignupQuestion.position)).where(SignupQuestion.campaign_id == campaign.id)
    )
    if len(for_campaign(campaign.id)) >= MAX_QUESTIONS:
        raise QuestionRejected(f"A sign-up can ask at most {MAX_QUESTIONS} extra questions")
    question = SignupQuestion(
        campaign_id=campaign.id, position=(asked or 0) + 1, text=text, choices=choices
    )
    db.session.add(question)
    db.session.commit()
    _questions.forget(campaign.id)
    return question
