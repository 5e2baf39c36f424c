"""Many rows into one table, as cheaply as the database allows, inside the session's transaction.

At a signing peak the batch writer stores hundreds of signatures, consent records and outbox rows
a second. Built by SQLAlchemy, each row passes through per-row parameter processing and a
rendered multi-row INSERT; that bookkeeping cost more worker CPU than the database did. On
PostgreSQL the rows go by COPY instead (psycopg's C writer), with the signatures' ids taken from
their sequence first, so that the rows that point at them can be built before anything is sent.
Other databases (SQLite in development and tests) get SQLAlchemy's multi-row INSERT. Column
defaults that SQLAlchemy would have applied (`default=` on the model) are applied here too, once
per call, so a row written either way is the same.
"""

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, Table, insert, text

from campaign.extensions import db


def _defaults(table: Table, given: set[str]) -> dict[str, Any]:
    """The model's Python-side defaults for the columns not given (a callable is called once)."""
    values: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name in given or column.primary_key or default is None:
            continue
        if getattr(default, "is_scalar", False):
            values[column.name] = default.arg  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            values[column.name] = default.arg(None)  # type: ignore[attr-defined]
    return values


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def new_ids(table: Table, count: int) -> list[int]:
    """Reserve `count` ids from the table's id sequence (PostgreSQL only)."""
    return list(
        db.session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        )
    )


def insert_rows(table: Table, rows: Sequence[dict[str, Any]], with_ids: bool = False) -> list[int]:
    """Insert `rows` (dicts with the same keys) in the current transaction. With `with_ids`,
    return the new rows' ids in the order of `rows`."""
    if not rows:
        return []
    if not _postgres():
        statement = insert(table)
        if with_ids:
            returning = statement.returning(table.c.id, sort_by_parameter_order=True)
            return list(db.session.scalars(returning, list(rows)))
        db.session.execute(statement, list(rows))
        return []
    ids = new_ids(table, len(rows)) if with_ids else []
    given = list(rows[0])
    defaults = _defaults(table, set(given))
    names = (["id"] if with_ids else []) + given + list(defaults)
    as_json = [i for i, name in enumerate(names) if isinstance(table.c[name].type, JSON)]
    cursor = db.session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
    columns = ", ".join(f'"{name}"' for name in names)
    with cursor, cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        extra = list(defaults.values())
        for index, row in enumerate(rows):
            values = ([ids[index]] if with_ids else []) + [row[name] for name in given] + extra
            for i in as_json:
                if values[i] is not None:
                    values[i] = json.dumps(values[i])
            copy.write_row(values)
    return ids
