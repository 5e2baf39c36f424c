"""Campaigner accounts, sign-in throttling, the export audit log and bulk invalidations."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import Model
from campaign.models.checks import one_of
from campaign.timeutil import utcnow

# Least to most (campaign/campaigners/roles.py says what each may do).
ROLES = ("viewer", "campaigner", "admin")
EXPORT_STATES = ("started", "completed", "failed")
# The states an invalidation can undo back to.
RESTORABLE_STATES = ("pending", "confirmed")


def removed_label(account_id: int) -> str:
    """What an erased account is called from then on, in its own row and in every record that
    named it (campaign/privacy/staff.py). Never a valid address, so no one can sign in as it."""
    return f"a removed account #{account_id}"


class Account(UserMixin, Model):
    """A person who runs campaigns. Admins also manage accounts."""

    __tablename__ = "campaigner_accounts"
    __table_args__ = (one_of("role", ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="campaigner")
    # A campaigner of a partner organisation sees and exports only its own partner's opt-ins.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session's user id, checked on every request: changing it (sign-out, a new
    # password, deactivation, an admin's "sign out everywhere") ends every session the account
    # has, since old session cookies, even copied ones, no longer name a valid id.
    session_token: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_signed_in_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def removed(self) -> bool:
        return self.email == removed_label(self.id)


class LoginThrottle(Model):
    """Failed sign-ins per email address typed (hashed), whether or not an account has it."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None]
    locked_until: Mapped[datetime | None]


class ExportRecord(Model):
    """The audit log: who exported what, when, and how many rows left the building."""

    __tablename__ = "export_records"
    __table_args__ = (
        one_of("status", EXPORT_STATES),
        Index("ix_export_records_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("campaigner_accounts.id"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    format: Mapped[str] = mapped_column(String(10))
    purpose: Mapped[str | None] = mapped_column(Text)
    includes_personal_data: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(12), default="started")
    row_count: Mapped[int | None]
    ip_address: Mapped[str | None] = mapped_column(String(45))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class InvalidationBatch(Model):
    """One bulk invalidation: what matched, who did it and why, and whether it was undone."""

    __tablename__ = "invalidation_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("campaigner_accounts.id"))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    email_domain: Mapped[str | None] = mapped_column(String(254))
    email_canonical: Mapped[str | None] = mapped_column(String(254))
    window_start: Mapped[datetime | None]
    window_end: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text)
    matched: Mapped[int] = mapped_column(default=0)
    confirmed_matched: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None]
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("campaigner_accounts.id"))

    @property
    def criteria_text(self) -> str:
        parts = [
            f"IP {self.ip_address}" if self.ip_address else "",
            f"domain {self.email_domain}" if self.email_domain else "",
            self.email_canonical or "",
            f"from {self.window_start:%Y-%m-%d %H:%M}" if self.window_start else "",
            f"before {self.window_end:%Y-%m-%d %H:%M}" if self.window_end else "",
        ]
        return ", ".join(part for part in parts if part)


class InvalidatedSignature(Model):
    """Which signatures a batch invalidated and the state each was in, so undo restores it."""

    __tablename__ = "invalidated_signatures"
    __table_args__ = (one_of("previous_status", RESTORABLE_STATES),)

    batch_id: Mapped[int] = mapped_column(ForeignKey("invalidation_batches.id"), primary_key=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id"), primary_key=True)
    previous_status: Mapped[str] = mapped_column(String(16))
