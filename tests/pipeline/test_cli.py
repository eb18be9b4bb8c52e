"""The operator commands, run as a user runs them: ``python -m router ...`` in a child."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis as sync_redis

from router.keys import Keys

pytestmark = pytest.mark.pipeline


def switchboard(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "router", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def cli_env(redis_url: str, key_prefix: str, tmp_path: Path) -> dict[str, str]:
    return {
        "REDIS_URL": redis_url,
        "SWITCHBOARD_KEY_PREFIX": key_prefix,
        "SWITCHBOARD_DATA_DIR": str(tmp_path),
        "SWITCHBOARD_LOG_LEVEL": "WARNING",
    }


def test_a_bad_setting_stops_start_up_naming_the_key(cli_env: dict[str, str]) -> None:
    result = switchboard("queues", env={**cli_env, "SWITCHBOARD_ROUTER_BATCH": "lots"})
    assert result.returncode != 0
    assert "router_batch" in result.stderr


def test_dlq_list_shows_the_error_and_replay_sends_the_entry_back(
    cli_env: dict[str, str], redis_url: str, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    client = sync_redis.Redis.from_url(redis_url)
    dlq = Keys.dead_letter(keys.inbound)
    client.xadd(
        dlq,
        {
            "v": "1",
            "type": "message",
            "data": "{}",
            "dlq_error": "CodecError: missing field",
            "dlq_stream": keys.inbound,
            "dlq_id": "1-0",
            "dlq_deliveries": "1",
            "dlq_at": "2026-11-24T00:00:00+00:00",
        },
    )

    listed = switchboard("dlq", "list", env=cli_env)
    assert listed.returncode == 0, listed.stderr
    assert "CodecError: missing field" in listed.stdout
    assert "from 1-0" in listed.stdout

    assert switchboard("dlq", "replay", env=cli_env).returncode != 0  # says what to replay
    replayed = switchboard("dlq", "replay", "--all", env=cli_env)
    assert replayed.returncode == 0, replayed.stderr
    assert "Replayed 1 entries" in replayed.stdout
    assert client.xlen(dlq) == 0
    [(_, fields)] = client.xrange(keys.inbound)
    assert fields == {b"v": b"1", b"type": b"message", b"data": b"{}"}
    client.close()


def test_queues_prints_depth_and_oldest_waiting(
    cli_env: dict[str, str], redis_url: str, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    client = sync_redis.Redis.from_url(redis_url)
    client.sadd(keys.queue_names, "security")
    client.zadd(keys.queue("security"), {"conv-a": 5 * 10**13 + 1_700_000_000_000})
    result = switchboard("queues", env=cli_env)
    client.close()
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("security"))
    assert line.split()[:3] == ["security", "1", "conv-a"]


@pytest.mark.slow
def test_bench_pipeline_prints_one_json_object(cli_env: dict[str, str]) -> None:
    result = switchboard("bench", "pipeline", "--messages", "300", "--json", env=cli_env)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.strip().splitlines()
    figures = json.loads(line)
    assert figures["store"] == "sqlite"
    assert figures["routed"] == 300
    assert figures["messages_per_s"] > 0
    assert figures["ceiling_messages_per_s"] > figures["messages_per_s"]
    assert 0 <= figures["p50_ms"] <= figures["p99_ms"]
