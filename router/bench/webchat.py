"""``switchboard bench webchat``: many concurrent widget visitors against real processes.

It starts a real ``switchboard route`` and a real ``switchboard connector webchat`` child
on a private key prefix and a fresh SQLite database, opens ``visitors`` WebSockets (the
widget's protocol, :class:`~connectors.webchat.client.ChatClient`), and has each send a
message every ``interval`` seconds for ``duration`` seconds. Latency is measured at the
visitor: from sending a message to the ``stored`` notice, which the web chat process pushes
when the router's ``messages.routed`` event says the message is committed in SQL. At the
end SQL is counted: every message sent must be stored exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import resource
import shutil
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
import psutil
from redis.asyncio import Redis
from sqlalchemy import func, select
from websockets.exceptions import ConnectionClosed

from connectors.webchat.client import ChatClient, Frame, new_client_id
from router.bench.pipeline import _delete_prefix, _percentile
from router.keys import Keys
from router.procs import Child
from router.redis_server import free_port
from router.settings import Settings
from router.simulation import load_samples
from router.store.engine import create_engine
from router.store.migrate import upgrade
from router.store.schema import messages

READY_TIMEOUT_S = 120.0
ORIGIN = "http://bench.localhost"
SETTLE_S = 30.0
OPEN_CONCURRENCY = 50
SAMPLES = Path("samples") / "messages.jsonl"


@dataclass(frozen=True, slots=True)
class WebchatBenchConfig:
    visitors: int = 1000
    duration_s: float = 60.0
    interval_s: float = 5.0
    routing: str = "rules"
    classify: bool = True
    logs_dir: Path | None = None


@dataclass
class Tally:
    sent_at: dict[str, float] = field(default_factory=dict)
    ack_ms: list[float] = field(default_factory=list)
    stored_ms: list[float] = field(default_factory=list)
    stored: set[str] = field(default_factory=set)
    errors: Counter[str] = field(default_factory=Counter)
    reconnects: int = 0

    def on_frame(self, frame: Frame) -> None:
        sent = self.sent_at.get(str(frame.get("id", "")))
        if frame["type"] == "ack" and sent is not None:
            self.ack_ms.append((time.perf_counter() - sent) * 1000)
        elif frame["type"] == "stored" and sent is not None and frame["id"] not in self.stored:
            self.stored.add(frame["id"])
            self.stored_ms.append((time.perf_counter() - sent) * 1000)
        elif frame["type"] == "error":
            self.errors[str(frame.get("code"))] += 1


class Usage:
    """CPU seconds and peak memory of one child process over the measured window."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak_rss = 0
        self._cpu0 = self._cpu()
        self._t0 = time.perf_counter()

    def _cpu(self) -> float:
        times = self.process.cpu_times()
        return float(times.user + times.system)

    def sample(self) -> None:
        self.peak_rss = max(self.peak_rss, self.process.memory_info().rss)

    def report(self) -> dict[str, float]:
        self.sample()
        wall = time.perf_counter() - self._t0
        return {
            "peak_rss_mb": round(self.peak_rss / 2**20, 1),
            "cpu_percent_of_one_core": round(100 * (self._cpu() - self._cpu0) / wall, 1),
        }


def _env(
    settings: Settings, config: WebchatBenchConfig, prefix: str, url: str, work: Path, port: int
) -> dict[str, str]:
    unlimited = str(10**9)
    return {
        "REDIS_URL": settings.redis_url,
        "DATABASE_URL": url,
        "SWITCHBOARD_KEY_PREFIX": prefix,
        "SWITCHBOARD_DATA_DIR": str(work),
        "SWITCHBOARD_MODELS_DIR": str(settings.effective_models_dir.resolve()),
        "SWITCHBOARD_LOG_LEVEL": "WARNING",
        "SWITCHBOARD_ENV": "production",
        "SWITCHBOARD_ROUTING": config.routing,
        "SWITCHBOARD_CLASSIFY": "true" if config.classify else "false",
        "SWITCHBOARD_WEBCHAT_PORT": str(port),
        # No agents sign in here: the visitors chat live rather than fill the offline form.
        "SWITCHBOARD_WEBCHAT_AGENT_PRESENCE_S": "0",
        "SWITCHBOARD_WEBCHAT_SECRET": uuid.uuid4().hex,
        "SWITCHBOARD_WEBCHAT_ALLOWED_ORIGINS": orjson.dumps([ORIGIN]).decode(),
        # Every simulated visitor comes from 127.0.0.1, and the warm-up visitor sends every
        # sample at once: the limits are still counted, never reached.
        "SWITCHBOARD_WEBCHAT_MESSAGES_PER_MINUTE_PER_VISITOR": unlimited,
        "SWITCHBOARD_WEBCHAT_MESSAGES_PER_MINUTE_PER_IP": unlimited,
        "SWITCHBOARD_WEBCHAT_CONNECTIONS_PER_MINUTE_PER_IP": unlimited,
    }


async def _router_ready(redis: Redis, keys: Keys, child: Child) -> None:
    """The router is consuming once its group on the inbound stream has a consumer."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if not child.running():
            raise RuntimeError(f"router exited during start-up:\n{child.log_tail()}")
        if await redis.exists(keys.inbound):
            groups: Any = await redis.xinfo_groups(keys.inbound)
            if any(int(g["consumers"]) for g in groups):
                return
        await asyncio.sleep(0.2)
    raise TimeoutError(f"router not ready after {READY_TIMEOUT_S} s:\n{child.log_tail()}")


async def _webchat_ready(port: int, child: Child) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            if not child.running():
                raise RuntimeError(f"web chat exited during start-up:\n{child.log_tail()}")
            try:
                if (await http.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise TimeoutError(f"web chat not ready after {READY_TIMEOUT_S} s:\n{child.log_tail()}")


class Visitor:
    """One simulated visitor: like the widget, it keeps what is not yet acknowledged and
    sends it again after reconnecting, so a dropped connection loses nothing."""

    def __init__(self, port: int, tally: Tally) -> None:
        self.port = port
        self.tally = tally
        self.client = ChatClient(f"ws://127.0.0.1:{port}/ws", ORIGIN)
        self.unacked: dict[str, str] = {}
        self._retries: set[asyncio.Task[None]] = set()

    def _on_frame(self, frame: Frame) -> None:
        if frame["type"] == "ack":
            self.unacked.pop(str(frame["id"]), None)
        elif frame["type"] == "error" and frame.get("retry_after") is not None:
            cid = str(frame.get("id", ""))
            if cid in self.unacked:  # as the widget does: send it again after the hint
                self._retries.add(asyncio.create_task(self._resend(cid, frame["retry_after"])))
        self.tally.on_frame(frame)

    async def _resend(self, client_id: str, after_s: float) -> None:
        await asyncio.sleep(after_s)
        with contextlib.suppress(ConnectionClosed):
            await self.client.say(self.unacked[client_id], client_id=client_id, resend=True)

    async def open(self) -> None:
        visitor = self.client.visitor
        self.client = ChatClient(f"ws://127.0.0.1:{self.port}/ws", ORIGIN, visitor=visitor)
        self.client.on_frame = self._on_frame
        await self.client.open()
        self.client.frames.clear()  # the tally keeps what it needs: memory stays flat

    async def say(self, text: str) -> None:
        cid = new_client_id()
        self.unacked[cid] = text
        self.tally.sent_at[cid] = time.perf_counter()
        try:
            await self.client.say(text, client_id=cid)
        except ConnectionClosed:
            await self.reconnect()
        self.client.frames.clear()

    async def reconnect(self) -> None:
        self.tally.reconnects += 1
        await self.client.close()
        await self.open()
        for cid, text in list(self.unacked.items()):
            await self.client.say(text, client_id=cid, resend=True)


async def _open_all(port: int, count: int, tally: Tally) -> list[Visitor]:
    gate = asyncio.Semaphore(OPEN_CONCURRENCY)

    async def one() -> Visitor:
        async with gate:
            visitor = Visitor(port, tally)
            await visitor.open()
            return visitor

    return list(await asyncio.gather(*(one() for _ in range(count))))


async def _visit(
    visitor: Visitor, config: WebchatBenchConfig, start: float, texts: list[str]
) -> None:
    await asyncio.sleep(random.uniform(0, config.interval_s))
    n = random.randrange(len(texts))
    while time.perf_counter() - start < config.duration_s:
        await visitor.say(texts[n % len(texts)])
        n += 1
        await asyncio.sleep(config.interval_s)


async def _warm_up(port: int, texts: list[str]) -> None:
    """One visitor sends every sample once and waits until all are stored: the router's
    lazily loaded models (one per language) are loaded before the measurement starts."""
    client = ChatClient(f"ws://127.0.0.1:{port}/ws", ORIGIN)
    await client.open()
    for text in texts:
        cid = await client.say(text)
        await client.wait_for(_stored(cid), 60)
    await client.close()


def _stored(client_id: str) -> Callable[[Frame], bool]:
    return lambda f: f["type"] == "stored" and f["id"] == client_id


async def _settle(tally: Tally) -> None:
    """Give the last messages up to ``SETTLE_S`` to be stored (a poll: nothing to await)."""
    deadline = time.monotonic() + SETTLE_S
    while len(tally.stored) < len(tally.sent_at) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.1)


async def _count_stored(url: str, warm_up: int) -> tuple[int, int]:
    """(rows, distinct external ids) of inbound web chat messages, less the warm-up's."""
    engine = create_engine(url)
    m = messages.c
    query = select(func.count(), func.count(m.external_id.distinct())).where(
        m.channel == "webchat", m.direction == "in"
    )
    try:
        async with engine.connect() as conn:
            found = (await conn.execute(query)).one()
    finally:
        await engine.dispose()
    return int(found[0]) - warm_up, int(found[1]) - warm_up


def _ms(values: list[float], q: float) -> float | None:
    return round(_percentile(values, q), 1) if values else None


async def run_webchat_bench(settings: Settings, config: WebchatBenchConfig) -> dict[str, Any]:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    keys = Keys(f"bench{uuid.uuid4().hex[:8]}")
    redis = Redis.from_url(settings.redis_url)
    with tempfile.TemporaryDirectory(prefix="sb-bench-webchat-") as tmp:
        work = Path(tmp)
        url = f"sqlite+aiosqlite:///{work / 'bench.db'}"
        await upgrade(url)
        port = free_port()
        env = _env(settings, config, keys.prefix, url, work, port)
        router = Child(["route"], env, work / "router.log")
        webchat = Child(["connector", "webchat"], env, work / "webchat.log")
        router.start()
        webchat.start()
        try:
            await _router_ready(redis, keys, router)
            await _webchat_ready(port, webchat)
            texts = [s.text for s in load_samples(settings.config_dir / SAMPLES)]
            await _warm_up(port, texts)
            return await _measure(config, port, url, router, webchat, texts)
        finally:
            webchat.stop()
            router.stop()
            if config.logs_dir is not None:
                config.logs_dir.mkdir(parents=True, exist_ok=True)
                for child in (router, webchat):
                    shutil.copy(child.log_path, config.logs_dir / child.log_path.name)
            await _delete_prefix(redis, keys.prefix)
            await redis.aclose()


async def _measure(
    config: WebchatBenchConfig,
    port: int,
    url: str,
    router: Child,
    webchat: Child,
    texts: list[str],
) -> dict[str, Any]:
    tally = Tally()
    opened = time.perf_counter()
    clients = await _open_all(port, config.visitors, tally)
    open_s = time.perf_counter() - opened
    usage = {
        "webchat": Usage(webchat.pid),
        "router": Usage(router.pid),
        "visitors": Usage(os.getpid()),  # the simulated browsers share the machine too
    }
    start = time.perf_counter()
    visits = [asyncio.create_task(_visit(c, config, start, texts)) for c in clients]
    while not all(v.done() for v in visits):
        for u in usage.values():
            u.sample()
        await asyncio.wait(visits, timeout=1.0)
    await asyncio.gather(*visits)
    await _settle(tally)
    resources = {name: u.report() for name, u in usage.items()}
    await asyncio.gather(*(c.client.close() for c in clients))
    rows, distinct = await _count_stored(url, len(texts))
    sent = len(tally.sent_at)
    p99 = _ms(tally.stored_ms, 0.99)
    return {
        "visitors": config.visitors,
        "duration_s": config.duration_s,
        "interval_s": config.interval_s,
        "routing": config.routing,
        "classify": config.classify,
        "store": "sqlite",
        "connect_all_s": round(open_s, 2),
        "sent": sent,
        "acked": len(tally.ack_ms),
        "stored_notices": len(tally.stored),
        "stored_rows": rows,
        "stored_distinct": distinct,
        "errors_by_code": dict(tally.errors),
        "reconnects": tally.reconnects,
        "ack_p50_ms": _ms(tally.ack_ms, 0.50),
        "ack_p99_ms": _ms(tally.ack_ms, 0.99),
        "stored_p50_ms": _ms(tally.stored_ms, 0.50),
        "stored_p99_ms": p99,
        "stored_max_ms": round(max(tally.stored_ms), 1) if tally.stored_ms else None,
        "webchat_process": resources["webchat"],
        "router_process": resources["router"],
        "bench_visitors_process": resources["visitors"],
        "machine_load_1m": round(os.getloadavg()[0], 1),
        "every_message_stored_once": rows == distinct == sent,
        "p99_within_200ms": p99 is not None and p99 <= 200,
    }
