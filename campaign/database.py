"""Database engine settings that differ by backend, and counting the rows a write changed."""

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, event
from sqlalchemy.engine import Engine

from campaign.extensions import db


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Wait for a writer rather than failing at once when two requests write together.
        return {"connect_args": {"timeout": 30}}
    return {
        "pool_pre_ping": True,
        "pool_size": int(config["DB_POOL_SIZE"]),
        "max_overflow": int(config["DB_MAX_OVERFLOW"]),
    }


def configure_sqlite(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers carry on while one request writes; foreign keys are off by default.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def rows_changed(statement: Executable) -> int:
    """Run an UPDATE or DELETE in the current transaction and say how many rows it changed (an
    UPDATE or DELETE always gives a cursor result, which is what carries the count)."""
    return cast("CursorResult[Any]", db.session.execute(statement)).rowcount
