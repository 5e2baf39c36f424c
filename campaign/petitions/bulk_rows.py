"""The batch writer's reads and writes, in as few round trips and as little Python as possible.

The writer thread shares the interpreter lock with every request thread of its process, so each
of its cycles is one a request waits for. On PostgreSQL a batch therefore makes two statements on
the thread's own autocommit connection (`direct_connection.py`), and nothing else: one for the
reads (the earlier signatures, the current consent wording and enough reserved signature ids) and
one for the writes, a single INSERT per table, all three chained in one statement (so kept whole
or not at all) whose rows arrive as one JSON document. Encoding that document is one call to
`json.dumps` (in C), where binding row by row costs psycopg a Python-level adaptation of every
value; the database unpacks it. Other databases (SQLite in development and tests) run the same
work through the session, in its transaction, and get the ids from the insert. Column defaults
SQLAlchemy would apply (`default=` on a model) are applied here too, once per call, so a row
written either way is the same.
"""

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import JSON, String, Table, insert, select
from sqlalchemy.dialects import postgresql

from campaign.extensions import db
from campaign.models import ConsentWording, Signature
from campaign.petitions import direct_connection


@dataclass
class BatchReads:
    earlier: list[tuple[str, str, str | None]]  # (canonical email, name, postcode), by slot
    wording: tuple[int, int] | None  # the campaign's current consent wording: (id, version)
    ids: list[int] = field(default_factory=list)  # reserved signature ids (PostgreSQL only)


# The earlier signatures come back as one JSON array, ordered by email then slot (each email's
# signatures in slot order, as `sign()` reads them).
_READ = """
SELECT w.id, w.version,
  (SELECT json_agg(json_build_array(email_canonical, name, postcode)
                   ORDER BY email_canonical, household_slot)
     FROM signatures
    WHERE campaign_id = %(campaign)s
      AND email_canonical = ANY(%(canonicals)s)),
  (SELECT json_agg(nextval(pg_get_serial_sequence('signatures', 'id')))
     FROM generate_series(1, %(count)s))
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
  SELECT id, version FROM consent_wordings WHERE campaign_id = %(campaign)s
  ORDER BY version DESC LIMIT 1
) AS w ON true
"""


def read_for_batch(campaign_id: int, canonicals: set[str], count: int) -> BatchReads:
    """What deciding a batch of `count` signatures needs."""
    connection = direct_connection.get()
    if connection is None:
        return _read_with_session(campaign_id, canonicals)
    parameters = {
        "campaign": campaign_id,
        "canonicals": list(canonicals),
        "count": count,
    }
    with direct_connection.sqlalchemy_errors(_READ):
        try:
            row = connection.execute(_READ, parameters).fetchone()
        except psycopg.OperationalError:
            if not connection.closed:
                raise
            # It broke while idle (say the database restarted): a new one, as the pool's ping
            # would.
            connection = direct_connection.get()
            assert connection is not None
            row = connection.execute(_READ, parameters).fetchone()
    assert row is not None  # the statement always gives one row
    wording_id, version, earlier, ids = row
    return BatchReads(
        [tuple(row) for row in earlier or ()],
        None if wording_id is None else (wording_id, version),
        ids,
    )


def _read_with_session(campaign_id: int, canonicals: set[str]) -> BatchReads:
    earlier = db.session.execute(
        select(Signature.email_canonical, Signature.name, Signature.postcode)
        .where(Signature.campaign_id == campaign_id, Signature.email_canonical.in_(canonicals))
        .order_by(Signature.household_slot)
    )
    wording = db.session.execute(
        select(ConsentWording.id, ConsentWording.version)
        .where(ConsentWording.campaign_id == campaign_id)
        .order_by(ConsentWording.version.desc())
        .limit(1)
    ).first()
    return BatchReads(
        [tuple(row) for row in earlier],  # type: ignore[misc]
        tuple(wording) if wording else None,  # type: ignore[arg-type]
    )


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


def insert_signatures(rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert signature rows now and return their ids in order (not PostgreSQL: there the ids
    are reserved by `read_for_batch` and the rows go with `insert_tables`)."""
    statement = insert(Signature).returning(Signature.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, list(rows)))


def insert_tables(batches: Sequence[tuple[Table, Sequence[dict[str, Any]]]]) -> None:
    """Insert rows into each table, in order (a row may leave out a column another row of its
    table gives: it is written as NULL). On PostgreSQL all of it is one statement, committed
    by itself; elsewhere it is in the session's transaction, for the caller to commit."""
    batches = [(table, rows) for table, rows in batches if rows]
    if not batches:
        return
    named = [(table, _column_names(rows), rows) for table, rows in batches]
    connection = direct_connection.get()
    if connection is None:
        for table, names, rows in named:
            db.session.execute(insert(table), [{n: row.get(n) for n in names} for row in rows])
        return
    documents: list[list[list[Any]]] = []
    parameters: dict[str, Any] = {}
    shape = []
    for n, (table, names, rows) in enumerate(named):
        defaults = _defaults(table, set(names))
        json_at = [i for i, name in enumerate(names) if isinstance(table.c[name].type, JSON)]
        documents.append(_as_lists(rows, names, json_at))
        parameters.update({f"t{n}_{name}": value for name, value in defaults.items()})
        shape.append((table.name, tuple(names), tuple(defaults)))
    parameters["rows"] = json.dumps(documents, default=_iso)
    statement = _insert_statement(tuple(shape))
    with direct_connection.sqlalchemy_errors(statement):
        connection.execute(statement, parameters)


def _column_names(rows: Sequence[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(name for row in rows for name in row))


def _as_lists(rows: Sequence[dict[str, Any]], names: list[str], json_at: list[int]) -> list:
    """Each row's values in column order; a JSON column's value as its own JSON text (unpacked
    with `->>`), so the database stores the very text `sign()` writes through SQLAlchemy."""
    lists = [[row.get(name) for name in names] for row in rows]
    for values in lists:
        for i in json_at:
            if values[i] is not None:
                values[i] = json.dumps(values[i])
    return lists


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot go into a bulk insert")


@functools.cache
def _insert_statement(shape: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]) -> str:
    """One INSERT per table, chained as data-modifying CTEs (foreign keys between them are
    checked at the end of the statement, when every row is in). Table `n`'s rows are element
    `n` of the parameter `rows`; its defaults are the parameters `t<n>_<column>`."""
    parts = []
    for n, (table_name, names, default_names) in enumerate(shape):
        table: Table = db.metadata.tables[table_name]
        values = [_from_json(table, name, i) for i, name in enumerate(names)]
        values += [sql.Placeholder(f"t{n}_{name}") for name in default_names]
        parts.append(
            sql.SQL("INSERT INTO {} ({}) SELECT {} FROM json_array_elements({} -> {}) AS r").format(
                sql.Identifier(table_name),
                sql.SQL(", ").join(map(sql.Identifier, [*names, *default_names])),
                sql.SQL(", ").join(values),
                sql.SQL("{}::json").format(sql.Placeholder("rows")),
                sql.Literal(n),
            )
        )
    *first, last = parts
    if first:
        ctes = (
            sql.SQL("{} AS ({})").format(sql.Identifier(f"t{n}"), p) for n, p in enumerate(first)
        )
        last = sql.SQL("WITH {} {}").format(sql.SQL(", ").join(ctes), last)
    return last.as_string()


def _from_json(table: Table, name: str, index: int) -> sql.Composable:
    """Element `index` of row `r` as the column's type. Strings are not cast: assigning text to
    a VARCHAR(n) column fails on a value too long, as binding it would (a cast would cut it)."""
    column_type = table.c[name].type
    text = sql.SQL("r ->> {}").format(sql.Literal(index))
    if isinstance(column_type, String):
        return text
    cast_to = sql.SQL(column_type.compile(dialect=postgresql.dialect()))  # from the model
    return sql.SQL("({})::{}").format(text, cast_to)
