"""``switchboard agents add`` / ``agents list`` as an operator runs them, on both stores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.auth.passwords import verify_password
from router.store.schema import agents

pytestmark = pytest.mark.inbox


def switchboard(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "router", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_add_then_list_agents(database_url: str, engine: AsyncEngine, tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": database_url,
        "SWITCHBOARD_DATA_DIR": str(tmp_path),
        "SWITCHBOARD_LOG_LEVEL": "WARNING",
    }
    added = switchboard(
        "agents", "add", "--email", "Ana@Example.com", "--name", "Ana", "--role", "admin",
        "--password", "s3cret pass", "--languages", "en,es", "--skills", "withdrawals,security",
        "--teams", "emea", "--capacity", "webchat=4,email=10", "--shift", "mon-fri 09:00-17:00",
        "--timezone", "Europe/Madrid", env=env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Added admin ana@example.com" in added.stdout
    again = switchboard(
        "agents", "add", "--email", "ana@example.com", "--name", "Ana", "--password", "x", env=env
    )
    assert again.returncode != 0
    assert "already exists" in again.stderr
    bad = switchboard(
        "agents", "add", "--email", "bo@example.com", "--name", "Bo", "--password", "x",
        "--capacity", "webchat:4", env=env,
    )  # fmt: skip
    assert bad.returncode != 0
    assert "webchat:4" in bad.stderr
    listed = switchboard("agents", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    (agent,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert agent["email"] == "ana@example.com"
    assert agent["role"] == "admin"
    assert agent["languages"] == ["en", "es"]
    assert agent["skills"] == ["withdrawals", "security"]
    assert agent["teams"] == ["emea"]
    assert agent["capacity"] == {"webchat": 4, "email": 10}
    assert agent["schedule"] == ["mon-fri 09:00-17:00"]
    assert agent["timezone"] == "Europe/Madrid"
    async with engine.connect() as conn:
        stored = (await conn.execute(select(agents.c.password_hash))).scalar_one()
    assert verify_password(stored, "s3cret pass")
    assert "s3cret" not in stored
    plain = switchboard("agents", "list", env=env)
    assert "ana@example.com" in plain.stdout
    assert "capacity=email=10,webchat=4" in plain.stdout
