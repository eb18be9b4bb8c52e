"""Fixtures of the rule set tooling tests: an engine on each store, this test's keys."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy.ext.asyncio import AsyncEngine

from router.keys import Keys
from router.settings import Settings
from router.store.engine import create_engine


@pytest_asyncio.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.effective_database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def keys(key_prefix: str) -> Keys:
    return Keys(key_prefix)
