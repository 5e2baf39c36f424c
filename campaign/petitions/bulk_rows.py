"""The batch writer's reads and writes, in as few round trips as the database allows.

Under load, every round trip costs the writer thread more than the database's time: after each
wait it queues for the interpreter lock behind the request threads. So on PostgreSQL a batch
makes two trips before its commit, each a psycopg pipeline: one reads the earlier signatures, the
current consent wording and enough reserved signature ids; the other inserts the signatures,
their consent records and their emails. Other databases (SQLite in development and tests) run
the same statements through SQLAlchemy one at a time, and get the ids from the insert. Column
defaults SQLAlchemy would apply (`default=` on a model) are applied here too, once per call, so a
row written either way is the same.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import sql
from psycopg.types.json import Json
from sqlalchemy import JSON, Table, insert, select

from campaign.extensions import db
from campaign.models import ConsentWording, Signature


@dataclass
class BatchReads:
    earlier: list[tuple[str, str, str | None]]  # (canonical email, name, postcode), by slot
    wording: tuple[int, int] | None  # the campaign's current consent wording: (id, version)
    ids: list[int] = field(default_factory=list)  # reserved signature ids (PostgreSQL only)


def _driver_connection() -> Any:
    """The psycopg connection under the session, when the session is on PostgreSQL."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    return db.session.connection().connection.driver_connection


def read_for_batch(campaign_id: int, canonicals: set[str], count: int) -> BatchReads:
    """What deciding a batch of `count` signatures needs, in the session's transaction."""
    earlier_query = (
        select(Signature.email_canonical, Signature.name, Signature.postcode)
        .where(Signature.campaign_id == campaign_id, Signature.email_canonical.in_(canonicals))
        .order_by(Signature.household_slot)
    )
    wording_query = (
        select(ConsentWording.id, ConsentWording.version)
        .where(ConsentWording.campaign_id == campaign_id)
        .order_by(ConsentWording.version.desc())
        .limit(1)
    )
    connection = _driver_connection()
    if connection is None:
        earlier = [tuple(row) for row in db.session.execute(earlier_query)]
        wording = db.session.execute(wording_query).first()
        return BatchReads(earlier, tuple(wording) if wording else None)  # type: ignore[arg-type]
    earlier_cursor, wording_cursor, ids_cursor = (connection.cursor() for _ in range(3))
    with connection.pipeline():
        earlier_cursor.execute(
            "SELECT email_canonical, name, postcode FROM signatures WHERE campaign_id = %s"
            " AND email_canonical = ANY(%s) ORDER BY household_slot",
            (campaign_id, list(canonicals)),
        )
        wording_cursor.execute(
            "SELECT id, version FROM consent_wordings WHERE campaign_id = %s"
            " ORDER BY version DESC LIMIT 1",
            (campaign_id,),
        )
        ids_cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('signatures', 'id'))"
            " FROM generate_series(1, %s)",
            (count,),
        )
    reads = BatchReads(
        earlier_cursor.fetchall(),
        wording_cursor.fetchone(),
        [row[0] for row in ids_cursor.fetchall()],
    )
    for cursor in (earlier_cursor, wording_cursor, ids_cursor):
        cursor.close()
    return reads


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
    """Insert rows into each table (rows of one table have the same keys), in order, in the
    current transaction: on PostgreSQL in one pipeline."""
    batches = [(table, rows) for table, rows in batches if rows]
    connection = _driver_connection()
    if connection is None:
        for table, rows in batches:
            db.session.execute(insert(table), list(rows))
        return
    with connection.pipeline(), connection.cursor() as cursor:
        for table, rows in batches:
            given = list(rows[0])
            defaults = _defaults(table, set(given))
            names = given + list(defaults)
            as_json = [i for i, name in enumerate(names) if isinstance(table.c[name].type, JSON)]
            statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                sql.Identifier(table.name),
                sql.SQL(", ").join(map(sql.Identifier, names)),
                sql.SQL(", ").join(sql.Placeholder() * len(names)),
            )
            extra = list(defaults.values())
            params = []
            for row in rows:
                values = [row[name] for name in given] + extra
                for i in as_json:
                    if values[i] is not None:
                        values[i] = Json(values[i])
                params.append(values)
            cursor.executemany(statement, params)
