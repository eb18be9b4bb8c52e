"""Throwaway PostgreSQL databases: one per test, created and force-dropped via asyncpg."""

from __future__ import annotations

import uuid

import asyncpg
from sqlalchemy.engine import make_url

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
CONNECT_TIMEOUT_S = 5.0


class PostgresUnreachable(RuntimeError):
    """The admin URL did not accept a connection."""


def async_url(admin_url: str, database: str) -> str:
    """The SQLAlchemy (asyncpg) URL of ``database`` on the server of ``admin_url``."""
    url = make_url(admin_url).set(drivername="postgresql+asyncpg", database=database)
    return url.render_as_string(hide_password=False)


async def _admin(admin_url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(admin_url, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        raise PostgresUnreachable(f"{exc.__class__.__name__}: {exc}") from exc


async def _execute(admin_url: str, statement: str) -> None:
    connection = await _admin(admin_url)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def create_database(admin_url: str) -> str:
    """Create a fresh ``sb_t_<hex>`` database and return its name."""
    name = f"sb_t_{uuid.uuid4().hex[:12]}"
    await _execute(admin_url, f'CREATE DATABASE "{name}"')
    return name


async def drop_database(admin_url: str, name: str) -> None:
    """Drop ``name`` even while clients (a leaked pool, a killed process) still hold it."""
    await _execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
