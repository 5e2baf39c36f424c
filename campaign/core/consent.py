"""Consent records: every consent given or withdrawn, with the exact wording the person saw."""

from campaign.extensions import DbSession
from campaign.models import ConsentRecord, ConsentWording, Signature


def record(
    session: DbSession,
    signature: Signature,
    purpose: str,
    action: str,
    method: str,
    wording: ConsentWording | None = None,
    ip_address: str | None = None,
) -> ConsentRecord:
    """Append a consent record. `method` says how: the form, an email link, a provider event."""
    if wording is None:
        wording = session.get(ConsentWording, signature.consent_wording_id)
    entry = ConsentRecord(**record_values(signature, purpose, action, method, wording, ip_address))
    session.add(entry)
    return entry


def record_values(
    signature: Signature,
    purpose: str,
    action: str,
    method: str,
    wording: ConsentWording,
    ip_address: str | None = None,
) -> dict[str, object]:
    """A consent record's columns: for `record`, or for a bulk insert of many."""
    return {
        "signature_id": signature.id,
        "email": signature.email,
        "purpose": purpose,
        "action": action,
        "wording": wording.privacy_text if purpose == "privacy" else wording.updates_text,
        "consent_wording_id": wording.id,
        "method": method,
        "ip_address": ip_address,
    }


def withdraw_updates(
    session: DbSession, signature: Signature, method: str, ip_address: str | None = None
) -> bool:
    """Stop campaign updates to this signer. Returns False when they were not opted in."""
    if not signature.email_updates:
        return False
    signature.email_updates = False
    record(session, signature, "email_updates", "withdrawn", method, ip_address=ip_address)
    return True
