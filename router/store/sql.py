"""Statements that differ between SQLite and PostgreSQL, written once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import String, bindparam, func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Insert


def pair_in(conn: AsyncConnection, a: Any, b: Any, pairs: Sequence[tuple[str, str]]) -> Any:
    """``(a, b) IN pairs``. On PostgreSQL as one fixed statement over two arrays, so
    asyncpg prepares it once instead of once per list length."""
    if conn.dialect.name == "postgresql":
        firsts = bindparam("pair_a", [p[0] for p in pairs], type_=postgresql.ARRAY(String))
        seconds = bindparam("pair_b", [p[1] for p in pairs], type_=postgresql.ARRAY(String))
        return tuple_(a, b).in_(select(func.unnest(firsts), func.unnest(seconds)))
    return tuple_(a, b).in_(pairs)


def insert_ignoring_conflicts(conn: AsyncConnection, table: Any) -> Insert:
    """``INSERT ... ON CONFLICT DO NOTHING`` in the connection's dialect."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    return sqlite.insert(table).on_conflict_do_nothing()
