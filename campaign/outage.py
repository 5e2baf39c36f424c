"""When the database goes away: a 503 page that says so, with Retry-After, instead of a 500.

Registered by the app factory for the errors that mean "cannot reach the database" (refused or
dropped connections, an exhausted pool), from whichever page raised them. A form that was being
sent is shown again with everything in it, so pressing the button once the database is back
sends it again. Nothing else is needed to recover: the engine's pool_pre_ping drops the broken
connections and opens new ones on the next request.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from campaign.extensions import db

log = logging.getLogger(__name__)

# Seconds a browser or client is asked to wait: a restart of PostgreSQL takes a few.
RETRY_AFTER_SECONDS = 5
DATABASE_DOWN = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)
# Fields never shown back: the form's own machinery, and passwords.
NOT_KEPT = {"password", "new_password", "confirm_password", "current_password"}


def register(app: Flask) -> None:
    for error in DATABASE_DOWN:
        app.register_error_handler(error, database_unavailable)


def database_unavailable(error: Exception):
    log.warning("database unavailable (%s): %s answered 503", type(error).__name__, request.path)
    try:
        db.session.rollback()
    except DATABASE_DOWN:
        db.session.remove()
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.endswith(".json") or request.accept_mimetypes.best == "application/json":
        return (
            {"error": "Service Unavailable", "message": "Try again in a few seconds."},
            503,
            headers,
        )
    kept = _kept_fields() if request.method == "POST" else []
    page = render_template("errors/unavailable.html", kept=kept, action=request.path)
    return page, 503, headers


def _kept_fields() -> list[tuple[str, str]]:
    if request.mimetype not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return []
    return [(k, v) for k, v in request.form.items(multi=True) if k not in NOT_KEPT]
