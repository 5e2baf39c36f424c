"""Partner consents: each partner organisation on a campaign asks signers, in its own words, for
permission to contact them. Each answer is a consent record naming the partner; the latest
record for a signer and partner is the current state."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import aliased

from campaign.extensions import DbSession
from campaign.models import ConsentRecord, Signature

PURPOSE = "partner_contact"


@dataclass(frozen=True)
class PartnerOptIn:
    """One ticked partner box, with the exact wording the signer saw."""

    organisation_id: int
    wording_id: int
    text: str


def record_values(
    signature: Signature,
    opt_in: PartnerOptIn,
    action: str,
    method: str,
    ip_address: str | None = None,
) -> dict[str, object]:
    return {
        "signature_id": signature.id,
        "email": signature.email,
        "purpose": PURPOSE,
        "action": action,
        "wording": opt_in.text,
        "consent_wording_id": None,
        "organisation_id": opt_in.organisation_id,
        "partner_wording_id": opt_in.wording_id,
        "method": method,
        "ip_address": ip_address,
    }


def opted_in(organisation_id: int) -> ColumnElement[bool]:
    """True for a signature whose latest consent record for this partner gives consent."""
    given = aliased(ConsentRecord)
    later = aliased(ConsentRecord)
    withdrawn_since = exists().where(
        later.signature_id == given.signature_id,
        later.organisation_id == given.organisation_id,
        later.purpose == PURPOSE,
        later.action == "withdrawn",
        later.id > given.id,
    )
    return exists().where(
        and_(
            given.signature_id == Signature.id,
            given.organisation_id == organisation_id,
            given.purpose == PURPOSE,
            given.action == "given",
            ~withdrawn_since,
        )
    )


def current_partners(session: DbSession, signature_id: int) -> list[int]:
    """The partner organisations this signer currently lets contact them."""
    rows = session.execute(
        select(ConsentRecord.organisation_id, ConsentRecord.action)
        .where(ConsentRecord.signature_id == signature_id, ConsentRecord.purpose == PURPOSE)
        .order_by(ConsentRecord.id)
    ).all()
    state: dict[int, str] = {}
    for organisation_id, action in rows:
        if organisation_id is not None:
            state[organisation_id] = action
    return sorted(org for org, action in state.items() if action == "given")


def withdraw(
    session: DbSession,
    signature: Signature,
    organisation_id: int,
    method: str,
    ip_address: str | None = None,
) -> bool:
    """Stop one partner contacting this signer. False when they had not opted in."""
    if organisation_id not in current_partners(session, signature.id):
        return False
    latest = session.scalar(
        select(ConsentRecord)
        .where(
            ConsentRecord.signature_id == signature.id,
            ConsentRecord.organisation_id == organisation_id,
            ConsentRecord.purpose == PURPOSE,
        )
        .order_by(ConsentRecord.id.desc())
        .limit(1)
    )
    assert latest is not None and latest.partner_wording_id is not None
    opt_in = PartnerOptIn(organisation_id, latest.partner_wording_id, latest.wording)
    session.add(ConsentRecord(**record_values(signature, opt_in, "withdrawn", method, ip_address)))
    return True


def withdraw_all(
    session: DbSession, signature: Signature, method: str, ip_address: str | None = None
) -> None:
    for organisation_id in current_partners(session, signature.id):
        withdraw(session, signature, organisation_id, method, ip_address)
