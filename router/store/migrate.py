"""Bring a database to the newest schema: ``alembic upgrade head`` without an alembic.ini.

Every process type may call :func:`upgrade` at start-up. It is idempotent, and concurrent
callers queue up: on PostgreSQL behind a transaction-scoped advisory lock, on SQLite behind
the database write lock (``BEGIN IMMEDIATE``). The second caller waits, then finds the
schema at head and does nothing. The DDL runs inside that one transaction (both stores have
transactional DDL), so a failed upgrade leaves nothing half-applied.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from router.store.engine import create_engine, is_sqlite

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed 64-bit number works; this one spells "swbd" so it is recognisable in pg_locks.
_ADVISORY_LOCK_KEY = 0x73776264


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats "%" as interpolation; URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def _sqlite_file(database_url: str) -> Path | None:
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _upgrade_on(connection: Connection, config: Config) -> None:
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _current_on(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def _take_migration_lock(connection: AsyncConnection, sqlite: bool) -> None:
    """Held until commit, so a concurrent upgrader waits and then finds nothing to do."""
    if sqlite:
        # The driver would begin lazily at the first INSERT, after the CREATEs have raced;
        # taking the write lock up front makes the second caller wait (busy_timeout) instead.
        await connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
        )


async def upgrade(database_url: str) -> None:
    """Apply every pending migration to ``database_url``; a no-op when already at head."""
    sqlite = is_sqlite(database_url)
    sqlite_file = _sqlite_file(database_url) if sqlite else None
    if sqlite_file is not None:
        sqlite_file.parent.mkdir(parents=True, exist_ok=True)
    config = alembic_config(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await _take_migration_lock(connection, sqlite)
            await connection.run_sync(_upgrade_on, config)
    finally:
        await engine.dispose()


async def current_revision(database_url: str) -> str | None:
    """The revision ``database_url`` is at, or None for a database never migrated."""
    if is_sqlite(database_url):
        sqlite_file = _sqlite_file(database_url)
        # Connecting would create the file; a missing database has simply never been migrated.
        if sqlite_file is not None and not sqlite_file.exists():
            return None
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current_on)
    finally:
        await engine.dispose()
