"""The Alembic migrations build exactly the schema that router.store.schema declares."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import UniqueConstraint, inspect
from sqlalchemy.engine import Connection

from router.store.engine import create_engine
from router.store.migrate import alembic_config, current_revision, upgrade
from router.store.schema import metadata

pytestmark = pytest.mark.pipeline


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _describe(connection: Connection) -> dict[str, dict[str, Any]]:
    inspector = inspect(connection)
    described: dict[str, dict[str, Any]] = {}
    for table in inspector.get_table_names():
        described[table] = {
            "columns": {c["name"]: c["nullable"] for c in inspector.get_columns(table)},
            "primary_key": inspector.get_pk_constraint(table)["constrained_columns"],
            "indexes": {i["name"] for i in inspector.get_indexes(table)},
            "unique": {
                (u["name"], tuple(u["column_names"]))
                for u in inspector.get_unique_constraints(table)
            },
            "foreign_keys": {
                (tuple(fk["constrained_columns"]), fk["referred_table"])
                for fk in inspector.get_foreign_keys(table)
            },
        }
    return described


async def _inspect(database_url: str) -> dict[str, dict[str, Any]]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_describe)
    finally:
        await engine.dispose()


async def test_fresh_database_has_no_revision(empty_database_url: str) -> None:
    assert await current_revision(empty_database_url) is None


async def test_upgrade_reaches_head(database_url: str) -> None:
    assert await current_revision(database_url) == _head()


async def test_upgrade_twice_changes_nothing(database_url: str) -> None:
    before = await _inspect(database_url)
    await upgrade(database_url)
    assert await current_revision(database_url) == _head()
    assert await _inspect(database_url) == before


async def test_concurrent_upgrades_queue_up(empty_database_url: str) -> None:
    await asyncio.gather(*(upgrade(empty_database_url) for _ in range(3)))
    assert await current_revision(empty_database_url) == _head()


async def test_every_table_of_the_schema_exists(database_url: str) -> None:
    tables = set(await _inspect(database_url))
    assert tables == {*metadata.tables, "alembic_version"}


async def test_columns_and_keys_match_the_schema(database_url: str) -> None:
    described = await _inspect(database_url)
    for name, table in metadata.tables.items():
        actual = described[name]
        assert actual["columns"] == {c.name: c.nullable for c in table.columns}, name
        assert actual["primary_key"] == [c.name for c in table.primary_key.columns], name
        expected_fks = {
            (tuple(fk.parent.name for fk in constraint.elements), constraint.referred_table.name)
            for constraint in table.foreign_key_constraints
        }
        assert actual["foreign_keys"] == expected_fks, name
        assert {i.name for i in table.indexes} <= actual["indexes"], name
        expected_unique = {
            (c.name, tuple(col.name for col in c.columns))
            for c in table.constraints
            if isinstance(c, UniqueConstraint)
        }
        assert actual["unique"] == expected_unique, name
