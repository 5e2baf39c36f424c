"""Erasing a campaigner's own account: the staff member's personal data goes, the record of who
did what stays.

The account row is kept (exports, invalidations and privacy actions point at it) but loses its
address, its password, its sessions and when it last signed in; from then on it is called "a
removed account #N" (models.removed_label), in its own row and in every record that named the
address: consent wording, partner wording, milestones, target responses, resources, campaign
updates and moderated reports. Its exports lose the internet address they were made from; the
emails sent to it (lockout notices) lose address and body. The last active admin cannot be erased,
and an admin cannot erase their own account from the web (another admin, or the command, must)."""

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import InstrumentedAttribute

from campaign.core.email_addresses import canonical_email
from campaign.database import rows_changed
from campaign.extensions import db
from campaign.models import (
    Account,
    CampaignUpdate,
    ClosureReport,
    ConsentWording,
    ExportRecord,
    Milestone,
    OutboxMessage,
    PartnerWording,
    Resource,
    Signature,
    TargetResponse,
)
from campaign.models.campaigners import removed_label
from campaign.privacy import audit, scrub

# Every column that records a campaigner's address as the author of something.
AUTHOR_COLUMNS: tuple[InstrumentedAttribute[str] | InstrumentedAttribute[str | None], ...] = (
    ConsentWording.created_by,
    PartnerWording.created_by,
    Milestone.created_by,
    TargetResponse.updated_by,
    Resource.created_by,
    CampaignUpdate.sent_by,
    ClosureReport.moderated_by,
)
# Not an argon2 hash, so no password ever verifies against it.
NO_PASSWORD = "!erased"  # noqa: S105 - a marker that is not a hash, not a password


class AccountErasureRefused(ValueError):
    """The rules do not allow this erasure; the message says why, for people."""


@dataclass(frozen=True)
class AccountErasure:
    account_id: int
    label: str
    records_renamed: int
    exports_without_address: int
    emails: int
    signatures_under_the_address: int


def other_active_admins(account: Account) -> int:
    """How many active admins there are besides this account."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Account)
            .where(Account.role == "admin", Account.active.is_(True), Account.id != account.id)
        )
        or 0
    )


def erase_account(email: str, via: str, acting_id: int | None = None) -> AccountErasure:
    """Erase the campaigner account with this address; commits, audited without the address.
    Raises AccountErasureRefused with a message for people."""
    address = email.strip().lower()
    account = db.session.scalar(select(Account).where(Account.email == address))
    if account is None or account.removed:
        raise AccountErasureRefused(f"No campaigner account has the address {email.strip()}")
    if account.id == acting_id:
        raise AccountErasureRefused("You cannot erase your own account; ask another admin")
    if account.is_admin and account.active and other_active_admins(account) == 0:
        raise AccountErasureRefused(
            "This is the last active admin: make someone else an admin before erasing it"
        )
    label = removed_label(account.id)
    renamed = sum(
        rows_changed(
            update(column.class_)
            .where(func.lower(column) == address)
            .values({column.key: label})
            .execution_options(synchronize_session=False)
        )
        for column in AUTHOR_COLUMNS
    )
    exports = rows_changed(
        update(ExportRecord)
        .where(ExportRecord.account_id == account.id, ExportRecord.ip_address.is_not(None))
        .values(ip_address=None)
        .execution_options(synchronize_session=False)
    )
    emails = _scrub_staff_emails(address)
    account.email = label
    account.password_hash = NO_PASSWORD
    account.active = False
    account.session_token = secrets.token_hex(16)  # every session it had ends
    account.last_signed_in_at = None
    signed = _signatures_under(address)
    audit.record(
        "erase",
        via,
        1 + renamed + exports + emails,
        f"campaigner account #{account.id}: address, password and sessions removed; "
        f"{renamed} records now name {label}; {exports} exports lost their internet address; "
        f"{emails} emails to it scrubbed",
        acting_id,
    )
    db.session.commit()
    return AccountErasure(account.id, label, renamed, exports, emails, signed)


def _scrub_staff_emails(address: str) -> int:
    """Emails sent to the campaigner as staff (not as a signer: those belong to a signer's
    erasure, `flask privacy erase`)."""
    ids = list(
        db.session.scalars(
            select(OutboxMessage.id).where(
                func.lower(OutboxMessage.to_email) == address, OutboxMessage.signature_id.is_(None)
            )
        )
    )
    scrub.scrub_messages(ids)
    return len(ids)


def _signatures_under(address: str) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Signature)
            .where(Signature.email_canonical == canonical_email(address))
        )
        or 0
    )
