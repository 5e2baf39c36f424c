"""Signing, confirming and withdrawing: the rules of one person, one signature.

Signatures arrive in batches (the group-commit writer, `batching.py`, is the only way in).
`sign_first_signatures()` looks up every earlier signature of a batch in one query and writes the
plain first signatures together: the signatures, their consent records and their confirmation
emails, in one transaction. Everything else (a repeat, a household, an email twice in one batch,
or a batch that fails) goes through `sign()`, one at a time: it finds any earlier signature by
canonical email, decides (new, household, repeat) and writes in its own transaction. Both decide
with `_free_slot()`, the one statement of the rule. The database enforces the dedup rule too
(unique campaign, canonical email, household slot), so concurrent double submits give one row.

Emails to signers are queued unrendered and rendered by the mail worker when sent
(`mail/messages.py`), so signing costs the same whether or not an email is rendered, and a
repeat's answer takes no longer than a new signature's.
"""

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from campaign.core import consent, counts, partner_consent
from campaign.core.cache import Cache
from campaign.core.email_addresses import canonical_email
from campaign.extensions import db
from campaign.mail.messages import unrendered_values
from campaign.models import Campaign, ConsentRecord, ConsentWording, OutboxMessage, Signature
from campaign.petitions import bulk_rows, signer_emails
from campaign.petitions.sharing import Attribution, new_share_code
from campaign.timeutil import utcnow

log = logging.getLogger(__name__)

MAX_EMAILS_PER_SIGNATURE = signer_emails.MAX_EMAILS_PER_SIGNATURE
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


class _Earlier(NamedTuple):
    """An earlier signature as `_free_slot` reads it, without building the ORM object."""

    name: str
    postcode: str | None


def sign_first_signatures(campaign_id: int, requests: Sequence[SignatureRequest]) -> list[int]:
    """Write every request that is a first signature in one transaction and commit; return the
    indexes of the rest, for `sign()`. If the batch cannot be written (say another process took
    one of its emails first), nothing of it is kept and every index is returned."""
    canonicals = [canonical_email(r.email) for r in requests]
    reads = bulk_rows.read_for_batch(campaign_id, set(canonicals), len(requests))
    earlier: dict[str, list[_Earlier]] = {}
    for canonical, name, postcode in reads.earlier:
        earlier.setdefault(canonical, []).append(_Earlier(name, postcode))
    first: list[int] = []
    rest: list[int] = []
    for index, (request, canonical) in enumerate(zip(requests, canonicals, strict=True)):
        if _free_slot(earlier.get(canonical, []), request) == 0:
            first.append(index)
            # Anyone later in this batch with the same email is decided by `sign()` after this.
            earlier[canonical] = [_Earlier(request.name, request.postcode)]
        else:
            rest.append(index)
    if not first:
        db.session.rollback()
        return rest
    try:
        _insert_first(campaign_id, reads, [(requests[i], canonicals[i]) for i in first])
        db.session.commit()
    except Exception:  # noqa: BLE001 - e.g. a concurrent first signature: do them singly
        log.info("signing batch fell back to one at a time", exc_info=True)
        db.session.rollback()
        return sorted(rest + first)
    return rest


class _Signed(NamedTuple):
    """What a consent record takes from its signature, without building the ORM object."""

    id: int
    email: str


def _insert_first(
    campaign_id: int, reads: bulk_rows.BatchReads, first: list[tuple[SignatureRequest, str]]
) -> None:
    """The signatures, their consent records and their emails, each table in one go."""
    wording = latest_wording(campaign_id, reads.wording)
    values = [
        signature_values(campaign_id, request, canonical, 0, wording)
        for request, canonical in first
    ]
    later: list[tuple] = []
    if reads.ids:  # reserved: the signatures go in with the rest
        ids = reads.ids[: len(values)]
        for signature_id, row in zip(ids, values, strict=True):
            row["id"] = signature_id
        later.append((Signature.__table__, values))
    else:
        ids = bulk_rows.insert_signatures(values)
    consents: list[dict] = []
    emails: list[dict] = []
    for (request, _), row, signature_id in zip(first, values, ids, strict=True):
        consents += consent_values(_Signed(signature_id, row["email"]), request, wording)
        emails.append(unrendered_values("confirm", row["email"], row["name"], signature_id))
    later += [(ConsentRecord.__table__, consents), (OutboxMessage.__table__, emails)]
    bulk_rows.insert_tables(later)


# A wording version's texts never change once written: kept by (campaign, version, id).
_wording_texts: Cache[ConsentWording] = Cache(maxsize=1000)


def latest_wording(campaign_id: int, current: tuple[int, int] | None = None) -> ConsentWording:
    """The campaign's current consent wording, read in the caller's transaction (so a newer
    version counts from the moment it is committed); `current` is its (id, version) when the
    caller has read them already. The texts come from the cache."""
    if current is None:
        row = db.session.execute(
            select(ConsentWording.id, ConsentWording.version)
            .where(ConsentWording.campaign_id == campaign_id)
            .order_by(ConsentWording.version.desc())
            .limit(1)
        ).first()
        current = (row.id, row.version) if row else None
    if current is None:
        raise LookupError(f"campaign {campaign_id} has no consent wording")
    wording_id = current[0]
    return _wording_texts.get_or_set((campaign_id, *current), lambda: _wording(wording_id))


def _wording(wording_id: int) -> ConsentWording:
    found = db.session.get_one(ConsentWording, wording_id)
    return ConsentWording(
        id=found.id,
        campaign_id=found.campaign_id,
        version=found.version,
        privacy_text=found.privacy_text,
        updates_text=found.updates_text,
    )


def sign(campaign: Campaign, request: SignatureRequest) -> Outcome:
    """Record one signature (or recognise a repeat) and queue the right email. Commits."""
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


def _free_slot(existing: Sequence[Signature | _Earlier], request: SignatureRequest) -> int | None:
    """The rule: the household slot a signature takes (0: a first signature; 1: a second person
    at the same postcode), or None for a repeat of someone who has signed."""
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
        signer_emails.send(match, "confirm")
    elif match.status == "confirmed":
        signer_emails.send(match, "already_signed")
    elif match.status == "withdrawn" and _same_name(match.name, request.name):
        # Someone who withdrew and signs again starts over with a fresh confirmation.
        match.status = "pending"
        match.withdrawn_at = None
        consent.record(
            db.session, match, "privacy", "given", FORM_METHOD, ip_address=request.ip_address
        )
        signer_emails.send(match, "confirm")
    return Outcome.REPEAT


def _create(campaign: Campaign, request: SignatureRequest, canonical: str, slot: int) -> None:
    wording = latest_wording(campaign.id)
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
    return Signature(**signature_values(campaign.id, request, canonical, slot, wording))


def signature_values(
    campaign_id: int,
    request: SignatureRequest,
    canonical: str,
    slot: int,
    wording: ConsentWording,
) -> dict:
    return {
        "campaign_id": campaign_id,
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
    signer_emails.queue(signature, "confirm")


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
        signer_emails.send(signature, "thank_you")
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
