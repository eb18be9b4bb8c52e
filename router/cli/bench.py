"""``switchboard bench ...``: benchmarks that print their figures (``--json`` for machines)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from router.bench.pipeline import BenchConfig, run_bench
from router.cli.common import settings_of
from router.redis_server import LocalRedis
from router.settings import Settings

DEFAULT_PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


@click.group()
def bench() -> None:
    """Measure Switchboard on this machine."""


def _with_redis(settings: Settings, bench: Callable[[Settings], Coroutine[Any, Any, Any]]) -> Any:
    """Run ``bench`` against ``REDIS_URL``, or a Redis started for it when none is set."""
    with ExitStack() as stack:
        if not settings.redis_url:
            local = stack.enter_context(LocalRedis())
            settings = settings.model_copy(update={"redis_url": local.url})
        return asyncio.run(bench(settings))


def _print(result: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result))
        return
    rows = result if isinstance(result, list) else [result]
    for row in rows:
        click.echo("  ".join(f"{k}={v}" for k, v in row.items()))


@bench.command("rules")
@click.option("--messages", default=2000, show_default=True, help="Messages per rule count.")
@click.option("--json", "as_json", is_flag=True, help="One JSON list on standard output.")
def rules_bench(messages: int, as_json: bool) -> None:
    """Median evaluation time per message at 10 to 10,000 rules, beside rule-engine's."""
    from router.bench.rules import bench_rules

    _print(bench_rules(messages=messages), as_json)


@bench.command("pipeline")
@click.option("--messages", default=20_000, show_default=True)
@click.option("--rate", default=0.0, help="Offered load in messages/s (0: as fast as possible).")
@click.option("--store", type=click.Choice(["sqlite", "postgresql"]), default="sqlite")
@click.option(
    "--pg-admin-url",
    default=DEFAULT_PG_ADMIN,
    show_default=True,
    help="Where to create (and drop) the benchmark's PostgreSQL database.",
)
@click.option("--batch", default=2048, show_default=True, help="Router read batch.")
@click.option(
    "--followups",
    default=0.3,
    show_default=True,
    help="Share of messages that follow up an earlier conversation (the rest open one).",
)
@click.option(
    "--routing",
    type=click.Choice(["rules", "default"]),
    default="rules",
    show_default=True,
    help="rules: the shipped rule set decides; default: the bare pipeline (one queue).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object on standard output.")
@click.pass_context
def pipeline(
    ctx: click.Context,
    messages: int,
    rate: float,
    store: str,
    pg_admin_url: str,
    batch: int,
    followups: float,
    routing: str,
    as_json: bool,
) -> None:
    """Messages/s and XADD-to-queued latency through one router process."""
    settings = settings_of(ctx)
    config = BenchConfig(messages, rate, store, pg_admin_url, batch, followups, routing)
    _print(_with_redis(settings, lambda s: run_bench(s, config)), as_json)


@bench.command("dispatch")
@click.option("--depths", default="1000,100000", show_default=True, help="Queue depths to compare.")
@click.option("--agents", default=1000, show_default=True)
@click.option("--probes", default=200, show_default=True, help="New conversations timed, 50/s.")
@click.option("--json", "as_json", is_flag=True, help="One JSON list on standard output.")
def dispatch_bench(depths: str, agents: int, probes: int, as_json: bool) -> None:
    """Assignments/s and queued-to-assigned latency (p50, p99) at each queue depth."""
    from router.bench.dispatch import bench_dispatch

    with LocalRedis() as server:
        result = bench_dispatch(
            server.url, [int(d) for d in depths.split(",")], agents=agents, probes=probes
        )
    _print(result, as_json)


@bench.command("webchat")
@click.option("--visitors", default=1000, show_default=True, help="Concurrent WebSocket visitors.")
@click.option("--duration", default=60.0, show_default=True, help="Seconds of sending.")
@click.option(
    "--interval", default=5.0, show_default=True, help="Seconds between a visitor's messages."
)
@click.option(
    "--routing",
    type=click.Choice(["rules", "default"]),
    default="rules",
    show_default=True,
    help="rules: the shipped rule set decides; default: the bare pipeline (one queue).",
)
@click.option("--classify/--no-classify", default=True, show_default=True)
@click.option(
    "--logs",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the router's and web chat's logs in this folder.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object on standard output.")
@click.pass_context
def webchat(
    ctx: click.Context,
    visitors: int,
    duration: float,
    interval: float,
    routing: str,
    classify: bool,
    logs: Path | None,
    as_json: bool,
) -> None:
    """Concurrent widget visitors: every message stored once, send-to-stored latency, and
    the web chat process's memory and CPU."""
    from router.bench.webchat import WebchatBenchConfig, run_webchat_bench

    settings = settings_of(ctx)
    config = WebchatBenchConfig(visitors, duration, interval, routing, classify, logs)
    _print(_with_redis(settings, lambda s: run_webchat_bench(s, config)), as_json)


@bench.command("language")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="The shared evaluation data (its langid/ folder).",
)
@click.option("--sample", default=200, show_default=True, help="Lines per language file.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on standard output.")
@click.pass_context
def language_bench(ctx: click.Context, data_dir: Path, sample: int, as_json: bool) -> None:
    """Language accuracy and median time per length class, ours beside lingua high-accuracy."""
    from router.bench.language import bench_language

    models = settings_of(ctx).effective_models_dir
    report = bench_language(data_dir, sample, quiet=True, cache_dir=models)
    if as_json:
        click.echo(json.dumps(report))
        return
    for name, row in report.items():
        click.echo(f"{name}: " + "  ".join(f"{k}={v}" for k, v in row.items()))


@bench.command("classify")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="The shared evaluation data (banking77/ and langid/).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object on standard output.")
@click.pass_context
def classify_bench(ctx: click.Context, data_dir: Path, as_json: bool) -> None:
    """Classifier speed one by one and in batches, and memory with all 20 languages."""
    from router.bench.classify import bench_classify

    settings = settings_of(ctx)
    _print(bench_classify(settings.config_dir, data_dir, settings.effective_models_dir), as_json)


@bench.command("heldout")
@click.option(
    "--data",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Labelled JSONL (default: config/samples/heldout_exchange.jsonl).",
)
@click.option("--misses", is_flag=True, help="Also list the messages it got wrong.")
@click.pass_context
def heldout(ctx: click.Context, data: Path | None, misses: bool) -> None:
    """Topic and urgency accuracy of the shipped classifier per language, topic and channel."""
    from router.bench.heldout import bench_heldout

    settings = settings_of(ctx)
    result = bench_heldout(settings.config_dir, settings.effective_models_dir, data, misses)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))
