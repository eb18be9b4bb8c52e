"""Statements that differ between SQLite and PostgreSQL, written once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, and_, any_, bindparam, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Insert

_TEXTS = postgresql.ARRAY(String)


def pair_in(
    conn: Connection | AsyncConnection, a: Any, b: Any, pairs: Sequence[tuple[str, str]]
) -> Any:
    """``(a, b) IN pairs``, written so that an index on (a, b) serves it.

    A row-value ``IN (VALUES ...)`` makes SQLite scan the whole table, so the pairs are
    grouped by their first value (a few channels) into ``a = ? AND b IN (...)``; on
    PostgreSQL ``b = ANY(array)`` keeps the statement text fixed for asyncpg's cache.
    """
    groups: dict[str, list[str]] = {}
    for first, second in pairs:
        groups.setdefault(first, []).append(second)
    if conn.dialect.name == "postgresql":
        return or_(
            *(
                and_(a == first, b == any_(bindparam(f"pair_{i}", seconds, type_=_TEXTS)))
                for i, (first, seconds) in enumerate(sorted(groups.items()))
            )
        )
    return or_(*(and_(a == first, b.in_(seconds)) for first, seconds in groups.items()))


def insert_ignoring_conflicts(conn: Connection | AsyncConnection, table: Any) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` in the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()
