"""What happened after the count: milestones, the target's response, and mailing that response
once to every confirmed signer who asked for updates."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from campaign.extensions import db
from campaign.mail.updates import MAX_SUBJECT, UpdateRejected, send_campaign_update
from campaign.models import Campaign, CampaignUpdate, Milestone, TargetResponse
from campaign.models.outcomes import MILESTONE_KINDS
from campaign.timeutil import utcnow

MILESTONE_NAMES = {
    "handed_in": "Handed in",
    "response_received": "Response received",
    "debate": "Debated",
    "decision": "Decision",
}
assert tuple(MILESTONE_NAMES) == MILESTONE_KINDS


@dataclass(frozen=True)
class Outcome:
    """A campaign's story after the count, for its page, the archive and its JSON."""

    milestones: list[Milestone]
    response: TargetResponse | None


def outcome(campaign_id: int) -> Outcome:
    milestones = db.session.scalars(
        select(Milestone)
        .where(Milestone.campaign_id == campaign_id)
        .order_by(Milestone.happened_on, Milestone.id)
    )
    return Outcome(list(milestones), response_for(campaign_id))


def response_for(campaign_id: int) -> TargetResponse | None:
    return db.session.scalar(
        select(TargetResponse).where(TargetResponse.campaign_id == campaign_id)
    )


def responses_for(campaign_ids: list[int]) -> dict[int, TargetResponse]:
    """Responses for a page of campaigns, in one query."""
    if not campaign_ids:
        return {}
    rows = db.session.scalars(
        select(TargetResponse).where(TargetResponse.campaign_id.in_(campaign_ids))
    )
    return {row.campaign_id: row for row in rows}


def add_milestone(
    campaign: Campaign, kind: str, happened_on: date, note: str, by: str
) -> Milestone:
    if kind not in MILESTONE_KINDS:
        raise ValueError(f"unknown milestone {kind!r}")
    milestone = Milestone(
        campaign_id=campaign.id, kind=kind, happened_on=happened_on, note=note, created_by=by
    )
    db.session.add(milestone)
    db.session.commit()
    return milestone


def remove_milestone(campaign: Campaign, milestone_id: int) -> bool:
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None or milestone.campaign_id != campaign.id:
        return False
    db.session.delete(milestone)
    db.session.commit()
    return True


def record_response(
    campaign: Campaign, responded_by: str, responded_on: date, text: str, by: str
) -> TargetResponse:
    """Record or correct the target's response. A correction after it was emailed is shown on
    the page; the email already sent is not sent again."""
    response = response_for(campaign.id)
    if response is None:
        response = TargetResponse(campaign_id=campaign.id)
        db.session.add(response)
    response.responded_by = responded_by
    response.responded_on = responded_on
    response.text = text.replace("\r\n", "\n").strip()
    response.updated_by = by
    db.session.commit()
    return response


class AlreadyEmailed(Exception):
    """The response has been emailed already; `update` is the update that carried it."""

    def __init__(self, update: CampaignUpdate | None):
        super().__init__("already emailed")
        self.update = update


def email_response(campaign: Campaign, sent_by: str) -> CampaignUpdate:
    """Queue the response to every confirmed signer who opted in to updates, exactly once.

    The claim (setting `emailed_at` where it is empty) and the copies are one transaction: a
    second click, a retry or a concurrent request finds the claim taken and queues nothing.
    Raises LookupError when there is no response, AlreadyEmailed, or UpdateRejected."""
    response = response_for(campaign.id)
    if response is None:
        raise LookupError("no response recorded")
    claimed = db.session.execute(
        update(TargetResponse)
        .where(TargetResponse.id == response.id, TargetResponse.emailed_at.is_(None))
        .values(emailed_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        done = response_for(campaign.id)
        update_id = done.campaign_update_id if done else None
        raise AlreadyEmailed(db.session.get(CampaignUpdate, update_id) if update_id else None)
    try:
        sent = send_campaign_update(
            campaign.id, response_subject(campaign), response_email_body(response), sent_by
        )
    except UpdateRejected:
        db.session.rollback()
        raise
    # send_campaign_update committed the claim and the copies together; now link them.
    db.session.execute(
        update(TargetResponse)
        .where(TargetResponse.id == response.id)
        .values(campaign_update_id=sent.id)
    )
    db.session.commit()
    return sent


def response_subject(campaign: Campaign) -> str:
    subject = f"The response to our petition: {campaign.title}"
    return subject if len(subject) <= MAX_SUBJECT else subject[: MAX_SUBJECT - 3] + "..."


def response_email_body(response: TargetResponse) -> str:
    when = f"{response.responded_on.day} {response.responded_on:%B %Y}"
    return (
        f"{response.responded_by} responded on {when}. This is what they said:\n\n{response.text}"
    )
