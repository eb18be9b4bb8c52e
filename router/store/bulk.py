"""Bulk inserts for the routing hot path, without the ORM's per-value processing.

SQLAlchemy Core spends about as long preparing each row's parameters as the database
spends storing it; a batch of 256 messages writes over a thousand rows. Here each column
gets one converter chosen once per table, and the statement goes to the driver as is:

- SQLite: ``executemany`` of one INSERT, or one multi-row INSERT when rows must be
  returned (SQLite cannot return rows from executemany).
- PostgreSQL: ``INSERT ... SELECT * FROM unnest($1::type[], ...)``: one fixed statement,
  which asyncpg prepares once whatever the batch size.

Every insert here is ``ON CONFLICT DO NOTHING``: the natural keys carry idempotency. Values
are stored exactly as SQLAlchemy would store them, so the rest of the code reads them back
through the ORM types unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache, lru_cache
from typing import Any

import orjson
from sqlalchemy import JSON, Table
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from router.store.schema import UTCDateTime

SQLITE_MAX_VARIABLES = 32_766
Converter = Callable[[Any], Any]


@lru_cache(maxsize=4096)
def sqlite_time(value: datetime | None) -> str | None:
    # Memoized: most times in a batch are the same few objects (the batch's `now`).
    # SQLAlchemy's SQLite storage format for DateTime, in UTC.
    if value is None:
        return None
    naive = value.astimezone(UTC).replace(tzinfo=None)
    return naive.isoformat(sep=" ", timespec="microseconds")


def _pg_time(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def _converter(column_type: Any, dialect: str) -> Converter | None:
    if isinstance(column_type, UTCDateTime):
        return sqlite_time if dialect == "sqlite" else _pg_time
    if isinstance(column_type, JSON):
        return _json
    return None


@cache
def _converters(table: Table, dialect: str) -> tuple[tuple[str, Converter | None], ...]:
    return tuple((c.name, _converter(c.type, dialect)) for c in table.columns)


def _values(table: Table, dialect: str, row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(
        convert(row.get(name)) if convert else row.get(name)
        for name, convert in _converters(table, dialect)
    )


@cache
def _pg_statement(table: Table, returning: tuple[str, ...]) -> str:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    names = ", ".join(c.name for c in table.columns)
    arrays = ", ".join(
        f"${i}::{c.type.compile(dialect=dialect)}[]" for i, c in enumerate(table.columns, 1)
    )
    sql = (
        f"INSERT INTO {table.name} ({names}) SELECT * FROM unnest({arrays}) ON CONFLICT DO NOTHING"
    )
    return sql + (f" RETURNING {', '.join(returning)}" if returning else "")


def _sqlite_statement(table: Table, rows: int, returning: tuple[str, ...]) -> str:
    one = "(" + ", ".join("?" for _ in table.columns) + ")"
    names = ", ".join(c.name for c in table.columns)
    sql = f"INSERT INTO {table.name} ({names}) VALUES {', '.join([one] * rows)} "
    sql += "ON CONFLICT DO NOTHING"
    return sql + (f" RETURNING {', '.join(returning)}" if returning else "")


def insert_rows(
    conn: Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    returning: tuple[str, ...] = (),
) -> list[tuple[Any, ...]]:
    """Insert ``rows`` (missing columns are NULL), skipping conflicts; return ``returning``
    columns of the rows actually inserted."""
    if not rows:
        return []
    dialect = conn.dialect.name
    values = [_values(table, dialect, r) for r in rows]
    if dialect == "postgresql":
        columns = [list(column) for column in zip(*values, strict=True)]
        result = conn.exec_driver_sql(_pg_statement(table, returning), tuple(columns))
        return [tuple(r) for r in result] if returning else []
    if not returning:
        conn.exec_driver_sql(_sqlite_statement(table, 1, ()), values)
        return []
    out: list[tuple[Any, ...]] = []
    per_chunk = SQLITE_MAX_VARIABLES // len(table.columns)
    for i in range(0, len(values), per_chunk):
        chunk = values[i : i + per_chunk]
        flat = tuple(v for row in chunk for v in row)
        result = conn.exec_driver_sql(_sqlite_statement(table, len(chunk), returning), flat)
        out.extend(tuple(r) for r in result)
    return out
