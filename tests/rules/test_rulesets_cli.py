"""``switchboard rules publish|rollback|history|replay`` run as a user runs them: in a child."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis
from replay_seeding import TRAFFIC, store
from rulesets_support import BROKEN_TEXT, rules_text
from sqlalchemy.ext.asyncio import AsyncEngine

from router.keys import Keys
from router.rulesets import active, history
from routing_rules import load

pytestmark = pytest.mark.rules


def switchboard(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "router", "rules", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def cli_env(redis_url: str, database_url: str, key_prefix: str, tmp_path: Path) -> dict[str, str]:
    return {
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url,
        "SWITCHBOARD_KEY_PREFIX": key_prefix,
        "SWITCHBOARD_DATA_DIR": str(tmp_path),
        "SWITCHBOARD_LOG_LEVEL": "WARNING",
    }


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_publish_rollback_and_history(
    cli_env: dict[str, str], tmp_path: Path, engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    first = write(tmp_path, "first.yaml", rules_text())
    second = write(tmp_path, "second.yaml", rules_text("payments"))

    one = switchboard("publish", str(first), "--author", "ana", "--message", "go", env=cli_env)
    two = switchboard("publish", str(second), "--author", "ana", "--message", "mv", env=cli_env)
    assert (one.returncode, two.returncode) == (0, 0), one.stderr + two.stderr
    assert one.stdout.strip() == load(rules_text(), "x").version
    back = switchboard("rollback", one.stdout.strip()[:14], "--author", "bo", env=cli_env)
    listed = switchboard("history", env=cli_env)

    assert back.returncode == 0, back.stderr
    assert back.stdout.strip() == one.stdout.strip()
    assert await redis.get(keys.rules_active) == back.stdout.strip().encode()
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    # "* date time version author message", the star marking the active one
    assert [(ln[0], *ln[2:].split()[2:]) for ln in lines] == [
        ("*", one.stdout.strip(), "bo", "rollback"),
        (" ", two.stdout.strip(), "ana", "mv"),
        (" ", one.stdout.strip(), "ana", "go"),
    ]


async def test_an_invalid_file_is_not_published(
    cli_env: dict[str, str], tmp_path: Path, engine: AsyncEngine
) -> None:
    good = write(tmp_path, "good.yaml", rules_text())
    bad = write(tmp_path, "bad.yaml", BROKEN_TEXT)
    assert switchboard("publish", str(good), "--author", "a", "--message", "m", env=cli_env).stdout

    refused = switchboard("publish", str(bad), "--author", "a", "--message", "m", env=cli_env)

    assert refused.returncode == 1
    assert refused.stdout == ""
    assert f'{bad}:14:19: unknown queue "securty"' in refused.stderr
    assert "nothing was published" in refused.stderr
    stored = await active(engine)
    assert stored is not None
    assert stored.text == rules_text()


def test_rollback_to_an_unknown_version_fails_clearly(cli_env: dict[str, str]) -> None:
    result = switchboard("rollback", "sha256:ffff", "--author", "a", env=cli_env)
    assert result.returncode == 1
    assert "no stored rule set has version 'sha256:ffff'" in result.stderr


async def test_replay_prints_the_moves_as_a_table_and_as_json(
    cli_env: dict[str, str], tmp_path: Path, engine: AsyncEngine
) -> None:
    await store(engine, TRAFFIC, base=datetime.now(UTC) - timedelta(hours=2))
    candidate = write(tmp_path, "candidate.yaml", rules_text("payments"))

    table = switchboard("replay", "--rules", str(candidate), "--since", "7d", env=cli_env)
    as_json = switchboard(
        "replay", "--rules", str(candidate), "--since", "1d", "--json", env=cli_env
    )

    assert table.returncode == 0, table.stderr
    assert "unchanged 2, moved 2" in table.stdout
    [row] = [ln for ln in table.stdout.splitlines() if ln.startswith("withdrawals")]
    assert row.split() == ["withdrawals", "payments", "2"]
    assert "    w-1  My withdrawal has been pending for 6 hours" in table.stdout
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert (report["total"], report["unchanged"]) == (4, 2)
    assert [(m["from_queue"], m["to_queue"], m["count"]) for m in report["moves"]] == [
        ("withdrawals", "payments", 2)
    ]
    assert await history(engine) == []  # replay publishes nothing


def test_replay_refuses_a_bad_duration(cli_env: dict[str, str], tmp_path: Path) -> None:
    candidate = write(tmp_path, "candidate.yaml", rules_text())
    result = switchboard("replay", "--rules", str(candidate), "--since", "7 days", env=cli_env)
    assert result.returncode == 2
    assert "use a number and m, h, d or w" in result.stderr
