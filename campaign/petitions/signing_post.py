"""What a signing POST is answered: one decision, whichever layer writes the answer.

`decide()` takes the request's parts (the form's values, the Cookie header, the client's address
and user agent) and does everything a signature needs, in order: the campaign exists, the
address's rate limit, the rules (`submission.py`), the petition is open, the honeypot, the
session-free CSRF token, the fill time, and then the signature, handed to the batch writer and
committed before the answer. At a peak almost every POST is a signature; those are answered by
`fast_sign.py` before Flask with a redirect to the thank-you page. Anything else (a message to
show, a 404, a 429) goes on to the Flask view carrying this decision under DECIDED, so it is
never made twice: the view only renders it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from campaign.core import campaigns, rate_limit
from campaign.extensions import db
from campaign.petitions import double_submit, partners, questions, sharing, signing, submission
from campaign.petitions.batching import batcher_for
from campaign.petitions.fill_time import filled_too_fast
from campaign.timeutil import utcnow

DECIDED = "campaign.signing_post"  # the WSGI environ key a decision travels under

TOO_FAST = "That was quick. Check your details and press the button again."
SESSION_EXPIRED = "This page had expired. Check your details and press the button again."
NOT_SAVED = "Sorry, we could not save your signature just now. Press the button again to retry."


class Answer(Enum):
    SIGNED = "signed"  # committed: on to the thank-you page
    HONEYPOT = "honeypot"  # a bot: sent to the thank-you page, nothing kept
    SHOW_AGAIN = "show again"  # the form again, with its messages or a notice
    NOT_FOUND = "not found"
    RATE_LIMITED = "rate limited"


@dataclass
class Decision:
    answer: Answer
    rate_limit_headers: dict[str, str] = field(default_factory=dict)
    status: int = 303
    notice: str | None = None
    submitted: submission.Submission | None = None

    @property
    def to_thank_you(self) -> bool:
        return self.answer in (Answer.SIGNED, Answer.HONEYPOT)


def decide(
    slug: str,
    form: Mapping[str, str],
    cookie_header: str | None,
    address: str | None,
    user_agent: str,
) -> Decision:
    """Decide a signing POST, signing if it is a signature. Needs an app context."""
    gate = campaigns.signing_gate(slug)
    if gate is None or gate.state == "draft":
        return Decision(Answer.NOT_FOUND)
    verdict = rate_limit.count_request("signing", "SIGNING_RATE_LIMIT", address)
    if verdict.refused:
        return Decision(Answer.RATE_LIMITED, verdict.headers, status=429)
    config = current_app.config
    checked = submission.check(form, bool(config["EMAIL_ALLOW_SMTPUTF8"]))

    def show_again(status: int, notice: str | None = None) -> Decision:
        return Decision(Answer.SHOW_AGAIN, verdict.headers, status, notice, checked)

    if not gate.is_open(utcnow()):
        return show_again(409)
    if checked.text("website"):
        return Decision(Answer.HONEYPOT, verdict.headers)
    if not double_submit.header_matches(cookie_header, form.get(double_submit.FIELD)):
        return show_again(400, SESSION_EXPIRED)
    if not checked.valid:
        return show_again(400)
    if filled_too_fast(slug, checked.text("started")):
        return show_again(400, TOO_FAST)
    request = _request(gate.id, checked, form, address, user_agent)
    try:
        if db.session.registry.has():  # nothing is written here: hand any connection back
            db.session.rollback()
        batcher_for(current_app).submit(gate.id, request)
    except (SQLAlchemyError, TimeoutError):
        current_app.logger.exception("could not record a signature")
        db.session.rollback()
        return show_again(503, NOT_SAVED)
    return Decision(Answer.SIGNED, verdict.headers)


def _request(
    campaign_id: int,
    checked: submission.Submission,
    form: Mapping[str, str],
    address: str | None,
    user_agent: str,
) -> signing.SignatureRequest:
    location = checked.location
    outside_uk = checked.ticked("outside_uk")
    return signing.SignatureRequest(
        name=checked.text("name"),
        email=checked.text("email"),
        postcode=None if outside_uk else checked.text("postcode"),
        country=checked.text("country") if outside_uk else "United Kingdom",
        council_code=location.council_code if location else None,
        council_name=location.council_name if location else None,
        email_updates=checked.ticked("email_updates"),
        ip_address=address,
        user_agent=user_agent,
        partner_opt_ins=partners.ticked(campaign_id, form),
        answers=questions.answers_from(campaign_id, form),
        constituency_code=location.constituency_code if location else None,
        attribution=sharing.attribution_from(form),
    )
