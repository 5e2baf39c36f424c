"""Signing, confirming and withdrawing: the rules of one person, one signature.

A request reads top to bottom: `sign()` finds any earlier signature by canonical email, decides
(new, household, repeat), writes the signature, its consent records and its email to the outbox in
one transaction. The database enforces the dedup rule too (unique campaign, canonical email,
household slot), so concurrent double submits give one row.
"""

import unicodedata
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from campaign.core import consent, counts, partner_consent
from campaign.core.campaigns import current_wording
from campaign.core.email_addresses import canonical_email
from campaign.core.tokens import make_token
from campaign.extensions import db
from campaign.mail import outbox
from campaign.models import Campaign, ConsentRecord, ConsentWording, OutboxMessage, Signature
from campaign.petitions.sharing import Attribution, new_share_code
from campaign.timeutil import utcnow
from campaign.urls import council_page_url, external_url

MAX_EMAILS_PER_SIGNATURE = 5
FORM_METHOD = "petition signing form"


class Outcome(Enum):
    NEW = "new"
    HOUSEHOLD = "household"
    REPEAT = "repeat"
    REFUSED = "refused"


@dataclass(frozen=True)
class SignatureRequest:
    name: str
    email: str
    postcode: str | None
    country: str | None
    council_code: str | None
    council_name: str | None
    email_updates: bool
    ip_address: str | None = None
    user_agent: str | None = None
    # The partner organisations' opt-ins ticked on the form (campaign/petitions/partners.py).
    partner_opt_ins: tuple[partner_consent.PartnerOptIn, ...] = ()
    # A sign-up's extra questions: question text -> choices ticked (petitions/questions.py).
    answers: dict[str, list[str]] | None = None
    # From the same postcode lookup as the council: no extra work per signature.
    constituency_code: str | None = None
    attribution: Attribution = Attribution()


def _same_name(a: str, b: str) -> bool:
    fold = lambda s: " ".join(unicodedata.normalize("NFKC", s).casefold().split())  # noqa: E731
    return fold(a) == fold(b)


def sign(campaign: Campaign, request: SignatureRequest) -> Outcome:
    """Record a signature (or recognise a repeat) and queue the right email. Commits."""
    canonical = canonical_email(request.email)
    for _attempt in range(3):
        existing = db.session.scalars(
            select(Signature)
            .where(Signature.campaign_id == campaign.id, Signature.email_canonical == canonical)
            .order_by(Signature.household_slot)
        ).all()
        slot = _free_slot(existing, request)
        if slot is None:
            outcome = _repeat(existing, request)
            db.session.commit()
            return outcome
        try:
            _create(campaign, request, canonical, slot)
            db.session.commit()
            return Outcome.NEW if slot == 0 else Outcome.HOUSEHOLD
        except IntegrityError:
            # A concurrent submit took this slot first: look again, as a repeat.
            db.session.rollback()
    return Outcome.REFUSED


def _free_slot(existing: list[Signature], request: SignatureRequest) -> int | None:
    if not existing:
        return 0
    if any(_same_name(s.name, request.name) for s in existing):
        return None
    first = existing[0]
    household = len(existing) == 1 and first.postcode and first.postcode == request.postcode
    return 1 if household else None


def _repeat(existing: list[Signature], request: SignatureRequest) -> Outcome:
    match = next((s for s in existing if _same_name(s.name, request.name)), existing[0])
    match.repeat_attempts += 1
    if match.status == "pending":
        _send(match, "confirm")
    elif match.status == "confirmed":
        _send(match, "already_signed")
    elif match.status == "withdrawn" and _same_name(match.name, request.name):
        # Someone who withdrew and signs again starts over with a fresh confirmation.
        match.status = "pending"
        match.withdrawn_at = None
        consent.record(
            db.session, match, "privacy", "given", FORM_METHOD, ip_address=request.ip_address
        )
        _send(match, "confirm")
    return Outcome.REPEAT


def _create(campaign: Campaign, request: SignatureRequest, canonical: str, slot: int) -> None:
    wording = current_wording(campaign)
    signature = new_signature(campaign, request, canonical, slot, wording)
    db.session.add(signature)
    db.session.flush()
    welcome(signature, request, wording)


def new_signature(
    campaign: Campaign,
    request: SignatureRequest,
    canonical: str,
    slot: int,
    wording: ConsentWording,
) -> Signature:
    """A signature row, counting the confirmation email `welcome` will queue for it."""
    return Signature(**signature_values(campaign, request, canonical, slot, wording))


def signature_values(
    campaign: Campaign,
    request: SignatureRequest,
    canonical: str,
    slot: int,
    wording: ConsentWording,
) -> dict:
    return {
        "campaign_id": campaign.id,
        "name": request.name,
        "email": request.email,
        "email_canonical": canonical,
        "household_slot": slot,
        "postcode": request.postcode,
        "country": request.country,
        "council_code": request.council_code,
        "council_name": request.council_name,
        "constituency_code": request.constituency_code,
        "source": request.attribution.source,
        "utm_medium": request.attribution.utm_medium,
        "utm_campaign": request.attribution.utm_campaign,
        "referrer_code": request.attribution.referrer_code,
        "share_code": new_share_code(),
        "email_updates": request.email_updates,
        "answers": request.answers,
        "consent_wording_id": wording.id,
        "ip_address": request.ip_address,
        "user_agent": (request.user_agent or "")[:300] or None,
        "emails_sent": 1,
    }


def welcome(signature: Signature, request: SignatureRequest, wording: ConsentWording) -> None:
    """Record the consents a new (flushed) signature gave and queue its confirmation email."""
    for values in consent_values(signature, request, wording):
        db.session.add(ConsentRecord(**values))
    _queue(signature, "confirm")


def consent_values(
    signature: Signature, request: SignatureRequest, wording: ConsentWording
) -> list[dict]:
    """The consent records a new signature's form gives: privacy, and updates if ticked."""
    purposes = ["privacy", "email_updates"] if request.email_updates else ["privacy"]
    return [
        consent.record_values(signature, p, "given", FORM_METHOD, wording, request.ip_address)
        for p in purposes
    ] + [
        partner_consent.record_values(signature, o, "given", FORM_METHOD, request.ip_address)
        for o in request.partner_opt_ins
    ]


def _send(signature: Signature, kind: str) -> None:
    # Rendered even past the cap, so that a repeat takes as long as a new signature's
    # confirmation email: the answer's timing must not tell whether an address has signed.
    campaign = db.session.get(Campaign, signature.campaign_id)
    message = email_values(signature, campaign, kind)
    if signature.emails_sent >= MAX_EMAILS_PER_SIGNATURE:
        return
    signature.emails_sent += 1
    db.session.add(OutboxMessage(**message))


def _queue(signature: Signature, kind: str) -> None:
    campaign = db.session.get(Campaign, signature.campaign_id)
    db.session.add(OutboxMessage(**email_values(signature, campaign, kind)))


def email_values(signature: Signature, campaign: Campaign, kind: str) -> dict:
    """The outbox row for an email to a signer, rendered with the links it carries."""
    return outbox.message_values(
        kind=kind,
        to_email=signature.email,
        to_name=signature.name,
        signature_id=signature.id,
        context={
            "name": signature.name,
            "campaign": campaign,
            "confirm_url": external_url(
                "petitions.confirm",
                slug=campaign.slug,
                token=make_token("confirm", signature.id, campaign.id),
            ),
            "petition_url": external_url("petitions.show", slug=campaign.slug),
            "council_name": signature.council_name,
            "council_url": council_page_url(signature.council_code),
            **links_for(signature, campaign),
        },
    )


def links_for(signature: Signature, campaign: Campaign) -> dict[str, str]:
    """The links every email to a signer carries: unsubscribe and withdraw."""
    return {
        "unsubscribe_url": external_url(
            "petitions.unsubscribe", token=make_token("unsubscribe", signature.id)
        ),
        "withdraw_url": external_url(
            "petitions.withdraw",
            slug=campaign.slug,
            token=make_token("withdraw", signature.id, campaign.id),
        ),
    }


def confirm(signature_id: int) -> str:
    """Confirm a pending signature exactly once. Returns the signature's state afterwards:
    "confirmed" (now or before), "withdrawn", "invalidated" or "missing"."""
    result = db.session.execute(
        update(Signature)
        .where(Signature.id == signature_id, Signature.status == "pending")
        .values(status="confirmed", confirmed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    signature = db.session.get(Signature, signature_id)
    if signature is None:
        db.session.rollback()
        return "missing"
    if result.rowcount == 1:
        db.session.refresh(signature)
        counts.adjust(
            db.session,
            signature.campaign_id,
            signature.council_code,
            +1,
            signature.constituency_code,
        )
        _send(signature, "thank_you")
    db.session.commit()
    return signature.status


def share_code(signature_id: int) -> str | None:
    """The code a confirmed signer's share links carry, so the people they bring are counted."""
    return db.session.scalar(select(Signature.share_code).where(Signature.id == signature_id))


def withdraw(signature_id: int, ip_address: str | None = None) -> str:
    """Withdraw a signature (and with it any consent to updates). Returns the state after."""
    signature = db.session.get(Signature, signature_id, with_for_update=True)
    if signature is None:
        return "missing"
    if signature.status in ("pending", "confirmed"):
        if signature.status == "confirmed":
            counts.adjust(
                db.session,
                signature.campaign_id,
                signature.council_code,
                -1,
                signature.constituency_code,
            )
        signature.status = "withdrawn"
        signature.withdrawn_at = utcnow()
        method = "withdraw link in email"
        consent.record(db.session, signature, "privacy", "withdrawn", method, ip_address=ip_address)
        consent.withdraw_updates(db.session, signature, method, ip_address)
        partner_consent.withdraw_all(db.session, signature, method, ip_address)
        db.session.commit()
    return signature.status


def unsubscribe(signature_id: int, method: str, ip_address: str | None = None) -> bool:
    """Stop campaign updates for this signature. Returns False if the link is for nobody."""
    signature = db.session.get(Signature, signature_id, with_for_update=True)
    if signature is None:
        return False
    consent.withdraw_updates(db.session, signature, method, ip_address)
    db.session.commit()
    return True
