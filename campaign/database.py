"""Database engine settings that differ by backend."""

import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine


def engine_options(url: str) -> dict:
    if url.startswith("sqlite"):
        # Wait for a writer rather than failing at once when two requests write together.
        return {"connect_args": {"timeout": 30}}
    return {
        "pool_pre_ping": True,
        "pool_size": int(os.environ.get("DB_POOL_SIZE", "10")),
        "max_overflow": int(os.environ.get("DB_MAX_OVERFLOW", "30")),
    }


def configure_sqlite(app: Flask, engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers carry on while one request writes; foreign keys are off by default.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
