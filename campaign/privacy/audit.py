"""The privacy tools' audit log: what was done, by whom and to how many rows, never to whom."""

from campaign.extensions import db
from campaign.models import PrivacyAction


def record(
    action: str, via: str, rows_changed: int, detail: str = "", account_id: int | None = None
) -> PrivacyAction:
    """Add an audit row in the caller's transaction (the caller commits)."""
    entry = PrivacyAction(
        action=action, via=via, rows_changed=rows_changed, detail=detail, account_id=account_id
    )
    db.session.add(entry)
    return entry
