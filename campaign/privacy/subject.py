"""Finding everything held about one email address, for a subject access request.

Signatures are matched by canonical email (campaign/core/email_addresses.py), so the same
person typed as Ada.Lovelace@Gmail.com or adalovelace@gmail.com is one person; emails, delivery
events and suppressions are matched by every address those signatures were made with."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select

from campaign.core.email_addresses import canonical_email
from campaign.extensions import db
from campaign.models import (
    Account,
    Campaign,
    ClosureReport,
    ConsentRecord,
    ExportRecord,
    MailEvent,
    OutboxMessage,
    Signature,
    Suppression,
)


@dataclass
class Subject:
    """Everything held about one person, as rows."""

    addresses: set[str]
    signatures: list[Signature]
    consent_records: list[ConsentRecord]
    emails: list[OutboxMessage]
    mail_events: list[MailEvent]
    suppressions: list[Suppression]
    account: Account | None
    closure_reports_moderated: list[ClosureReport]
    exports_made: list[ExportRecord]

    @property
    def record_count(self) -> int:
        return sum(
            len(rows)
            for rows in (
                self.signatures,
                self.consent_records,
                self.emails,
                self.mail_events,
                self.suppressions,
                self.closure_reports_moderated,
                self.exports_made,
            )
        ) + (1 if self.account else 0)


def find(email: str) -> Subject:
    typed = email.strip().lower()
    signatures = list(
        db.session.scalars(
            select(Signature)
            .where(Signature.email_canonical == canonical_email(email))
            .order_by(Signature.id)
        )
    )
    addresses = {typed} | {s.email.lower() for s in signatures if s.email}
    signature_ids = [s.id for s in signatures]
    emails = list(
        db.session.scalars(
            select(OutboxMessage)
            .where(
                or_(
                    OutboxMessage.signature_id.in_(signature_ids),
                    func.lower(OutboxMessage.to_email).in_(addresses),
                )
            )
            .order_by(OutboxMessage.id)
        )
    )
    message_ids = [m.id for m in emails]
    account = db.session.scalar(select(Account).where(Account.email == typed))
    return Subject(
        addresses=addresses,
        signatures=signatures,
        consent_records=list(
            db.session.scalars(
                select(ConsentRecord)
                .where(ConsentRecord.signature_id.in_(signature_ids))
                .order_by(ConsentRecord.id)
            )
        ),
        emails=emails,
        mail_events=list(
            db.session.scalars(
                select(MailEvent)
                .where(
                    or_(
                        func.lower(MailEvent.email).in_(addresses),
                        MailEvent.outbox_message_id.in_(message_ids),
                    )
                )
                .order_by(MailEvent.id)
            )
        ),
        suppressions=list(
            db.session.scalars(select(Suppression).where(Suppression.email.in_(addresses)))
        ),
        account=account,
        closure_reports_moderated=list(
            db.session.scalars(
                select(ClosureReport)
                .where(func.lower(ClosureReport.moderated_by) == typed)
                .order_by(ClosureReport.id)
            )
        ),
        exports_made=list(
            db.session.scalars(
                select(ExportRecord)
                .where(ExportRecord.account_id == account.id)
                .order_by(ExportRecord.id)
            )
        )
        if account
        else [],
    )


def _value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _row(row: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(row, name)) for name in columns}


SIGNATURE_COLUMNS = (
    "id",
    "name",
    "email",
    "postcode",
    "country",
    "council_name",
    "status",
    "email_updates",
    "ip_address",
    "user_agent",
    "created_at",
    "confirmed_at",
    "withdrawn_at",
    "invalidated_at",
    "anonymised_at",
)
CONSENT_COLUMNS = ("signature_id", "purpose", "action", "wording", "method", "ip_address")
EMAIL_COLUMNS = ("id", "kind", "to_email", "to_name", "subject", "status", "created_at", "sent_at")
EVENT_COLUMNS = ("event", "email", "reason", "occurred_at")
SUPPRESSION_COLUMNS = ("email", "reason", "created_at")
ACCOUNT_COLUMNS = ("email", "role", "active", "created_at", "last_signed_in_at")
REPORT_COLUMNS = ("id", "council_code", "centre_name", "status", "moderated_at")
EXPORT_COLUMNS = ("id", "kind", "format", "purpose", "row_count", "ip_address", "started_at")


def as_data(subject: Subject, email: str, now: datetime) -> dict[str, Any]:
    """The subject access export: plain JSON-ready data, each section named for people."""
    titles = {
        c.id: c.title
        for c in db.session.scalars(
            select(Campaign).where(Campaign.id.in_({s.campaign_id for s in subject.signatures}))
        )
    }
    return {
        "about": email.strip(),
        "prepared_at": now.isoformat(),
        "signatures": [
            {"petition": titles.get(s.campaign_id), **_row(s, SIGNATURE_COLUMNS)}
            for s in subject.signatures
        ],
        "consent_records": [
            {**_row(c, CONSENT_COLUMNS), "at": _value(c.created_at)}
            for c in subject.consent_records
        ],
        "emails_sent": [_row(m, EMAIL_COLUMNS) for m in subject.emails],
        "email_delivery_events": [_row(e, EVENT_COLUMNS) for e in subject.mail_events],
        "do_not_email_list": [_row(s, SUPPRESSION_COLUMNS) for s in subject.suppressions],
        "campaigner_account": _row(subject.account, ACCOUNT_COLUMNS) if subject.account else None,
        "closure_reports_moderated": [
            _row(r, REPORT_COLUMNS) for r in subject.closure_reports_moderated
        ],
        "exports_made": [_row(r, EXPORT_COLUMNS) for r in subject.exports_made],
    }
