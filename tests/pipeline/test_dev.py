"""The README's first command: ``switchboard dev`` runs everything; ``simulate`` feeds it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, insert
from support.auth import PASSWORD, agent_row

from router.redis_server import free_port
from router.store.schema import agents

pytestmark = [pytest.mark.pipeline, pytest.mark.slow, pytest.mark.timeout(180)]


def _env(data_dir: Path, port: int, models_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        SWITCHBOARD_DATA_DIR=str(data_dir),
        SWITCHBOARD_WEB_PORT=str(port),
        SWITCHBOARD_WEBCHAT_PORT=str(free_port()),
        SWITCHBOARD_LOG_LEVEL="WARNING",
        SWITCHBOARD_MODELS_DIR=str(models_dir),
        # The test talks plain http to 127.0.0.1, where httpx withholds Secure cookies.
        SWITCHBOARD_SESSION_COOKIE_SECURE="false",
    )
    for key in list(env):
        if key.startswith("SWITCHBOARD_") and key.endswith(("REDIS_URL", "DATABASE_URL")):
            del env[key]
    return env


def _wait_healthy(base: str, dev: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert dev.poll() is None, "switchboard dev exited early"
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError("switchboard dev did not become healthy")


def _signed_in_admin(base: str, data_dir: Path) -> httpx.Client:
    engine = create_engine(f"sqlite:///{data_dir / 'switchboard.db'}")
    with engine.begin() as conn:
        conn.execute(insert(agents).values(**agent_row("admin@example.com", role="admin")))
    engine.dispose()
    client = httpx.Client(base_url=base, timeout=5)
    signed = client.post("/api/session", json={"email": "admin@example.com", "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    client.headers["X-CSRF-Token"] = signed.json()["csrf_token"]
    return client


def _all_conversations(api: httpx.Client) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"limit": 200} | ({"cursor": cursor} if cursor else {})
        page = api.get("/api/conversations", params=params).json()
        items.extend(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return items


def test_dev_runs_everything_and_simulated_traffic_lands_in_queues(
    tmp_path: Path, models_dir: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = _env(tmp_path, port, models_dir)
    dev = subprocess.Popen(
        [sys.executable, "-m", "router", "dev"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    api: httpx.Client | None = None
    try:
        _wait_healthy(base, dev)
        api = _signed_in_admin(base, tmp_path)
        simulate = subprocess.run(
            [sys.executable, "-m", "router", "simulate", "--count", "100", "--seed", "1"],
            env=env,
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert simulate.returncode == 0, simulate.stderr.decode()

        # Routing starts once the classifiers are loaded (the first start trains one).
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            conversations = _all_conversations(api)
            if sum(c["message_count"] for c in conversations) == 100:
                break
            time.sleep(0.2)
        assert sum(c["message_count"] for c in conversations) == 100
        assert len(conversations) < 100  # follow-ups were threaded into conversations
        queues = api.get("/api/queues").json()
        assert sum(q["depth"] for q in queues) == len(conversations)

        detail = api.get(f"/api/conversations/{conversations[0]['id']}").json()
        assert detail["messages"][0]["decision"]["queue"] == conversations[0]["queue"]

        metrics = httpx.get(f"{base}/metrics", timeout=5).text
        routed = [
            float(line.rsplit(" ", 1)[1])
            for line in metrics.splitlines()
            if line.startswith("messages_in_total{")
        ]
        assert sum(routed) == 100
        assert "routing_latency_seconds_count 100.0" in metrics
        assert 'switchboard_queue_depth{queue="triage"}' in metrics
    finally:
        if api is not None:
            api.close()
        dev.send_signal(signal.SIGINT)
        output, _ = dev.communicate(timeout=30)
    assert dev.returncode == 0, output.decode()
    text = output.decode()
    assert f"http://127.0.0.1:{port}/" in text
    assert "Stopped." in text
    assert not (tmp_path / "dev-redis.url").exists()
