"""The open data's version: a short fingerprint that changes whenever any figure a council page or
booklet prints could change (a dataset reloaded, a GIAS import, a report approved or rejected).

Reading it costs three small queries, so `current()` keeps it for DATA_VERSION_CACHE_SECONDS, and
whatever changes the data in this process calls `forget()` so its own next read is fresh. Caches of
built facts and booklets are keyed by it."""

from __future__ import annotations

import hashlib

from sqlalchemy import func, select

from campaign.core.cache import Cache
from campaign.extensions import db
from campaign.models import Centre, ClosureReport
from campaign.places import loaders

_versions: Cache[str] = Cache(maxsize=8, ttl_setting="DATA_VERSION_CACHE_SECONDS")


def current() -> str:
    """The data version, read at most once per DATA_VERSION_CACHE_SECONDS in this process."""
    return _versions.get_or_set(database_key(), data_version)


def forget() -> None:
    """Called after this process changes the data, so its next read is fresh."""
    _versions.clear()


def database_key() -> str:
    return str(db.engine.url)


def data_version() -> str:
    """Read afresh from the database (most callers want `current()`)."""
    centres_state = db.session.execute(select(func.count(), func.max(Centre.updated_at))).one()
    reports_state = db.session.execute(
        select(func.count(), func.max(ClosureReport.moderated_at)).where(
            ClosureReport.status == "approved"
        )
    ).one()
    fingerprint = f"{loaders.data_version()}|{tuple(centres_state)}|{tuple(reports_state)}"
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
