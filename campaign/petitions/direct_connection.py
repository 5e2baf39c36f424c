"""The batch writer's own PostgreSQL connection, outside the session and its pool.

Through the session, every batch checks a connection out of the pool (a ping first: a round trip),
begins (another), commits (another) and hands it back (a rollback: another), and SQLAlchemy spends
Python on each step; all of it on the writer thread, which shares the interpreter lock with every
request thread. A batch needs none of it: its reads can run outside a transaction (each statement
sees what is committed when it starts, as in the session's READ COMMITTED transaction), and its
writes are one statement, which in autocommit is its own transaction, kept whole or not at all.
So each thread that writes batches keeps one autocommit psycopg connection of its own, opened
through the engine's pool (the same connect arguments) and detached from it.

A connection that breaks is replaced on the next call; one whose engine is disposed (a worker
shutting down, or a test's app going away) is closed with it; a writer thread going idle closes
its own (`close()`).
"""

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

from campaign.extensions import db

_held = threading.local()  # .engine and .connection: this thread's, if it has one
_lock = threading.Lock()
_by_engine: dict[
    Engine, list[psycopg.Connection]
] = {}  # each engine's open direct connections, to close
_listening: "weakref.WeakSet[Engine]" = weakref.WeakSet()  # engines told to close them


def get() -> psycopg.Connection | None:
    """This thread's autocommit psycopg connection on the app's database, or None when the
    database is not PostgreSQL (the session does the work there)."""
    engine = db.engine
    if engine.dialect.name != "postgresql":
        return None
    connection = getattr(_held, "connection", None)
    if connection is not None and _held.engine is engine and not connection.closed:
        return connection
    close()
    with sqlalchemy_errors("connect"):  # the pool raises the driver's own errors
        pooled = engine.raw_connection()
        connection = pooled.driver_connection
        pooled.detach()  # ours now: the pool neither counts it nor resets it
        assert isinstance(connection, psycopg.Connection)  # the PostgreSQL driver is psycopg
        connection.rollback()  # the pool's ping may have opened a transaction
        connection.autocommit = True
    _held.engine, _held.connection = engine, connection
    with _lock:
        if engine not in _listening:
            _listening.add(engine)
            event.listen(engine, "engine_disposed", _close_all)
        _by_engine.setdefault(engine, []).append(connection)
    return connection


def close() -> None:
    """Close this thread's connection, if it has one."""
    connection = getattr(_held, "connection", None)
    _held.engine = _held.connection = None
    if connection is None:
        return
    with _lock:
        for connections in _by_engine.values():
            if connection in connections:
                connections.remove(connection)
    connection.close()


def _close_all(engine: Engine) -> None:
    with _lock:
        connections = _by_engine.pop(engine, [])
    for connection in connections:
        connection.close()  # its thread sees it closed and opens another if it needs one


@contextmanager
def sqlalchemy_errors(statement: str) -> Iterator[None]:
    """psycopg's errors raised as SQLAlchemy's, as the session would raise them: callers tell a
    database that has gone away (a 503 that keeps the form) from a fault in the code (a 500) by
    SQLAlchemy's classes, whichever way the batch was written. Parameters are left out of the
    message: they hold signers' details."""
    try:
        yield
    except psycopg.Error as error:
        raise DBAPIError.instance(statement, None, error, psycopg.Error) from error
