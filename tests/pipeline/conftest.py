"""Fixtures of the pipeline tests: an engine on the test's database, the shipped rules."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

from router.settings import DEFAULT_CONFIG_DIR, Settings
from router.store.engine import create_engine
from routing_rules import Ruleset, load


@pytest_asyncio.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.effective_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def shipped_rules() -> Ruleset:
    path = DEFAULT_CONFIG_DIR / "rules.yaml"
    return load(path.read_text(encoding="utf-8"), str(path))
