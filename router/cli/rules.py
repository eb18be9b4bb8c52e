"""``switchboard rules validate|test|publish|rollback|history|replay``: check a rule file,
dry-run it on messages or on stored traffic, and manage the published versions."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click
import orjson
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from router import rulesets
from router.cli.common import require_redis, settings_of
from router.keys import Keys
from router.replay import ReplayReport, replay
from router.services import open_clients
from router.settings import Settings
from router.store.engine import create_engine
from router.store.migrate import upgrade
from routing_rules import (
    Decision,
    InvalidInput,
    InvalidRules,
    Ruleset,
    evaluate,
    facts_from_mapping,
    load,
    validate,
)

if TYPE_CHECKING:
    # Every command's module is imported at start; the classifier's models are not.
    from router.classify.classifier import Classifier


@click.group()
def rules() -> None:
    """Routing rules: validate, dry-run and replay; publish, roll back, list versions."""


def _default_rules(ctx: click.Context) -> Path:
    return settings_of(ctx).config_dir / "rules.yaml"


@rules.command("validate")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def validate_cmd(ctx: click.Context, path: Path | None) -> None:
    """Print every problem in PATH (default: config/rules.yaml) as file:line:col: message."""
    path = path or _default_rules(ctx)
    problems = validate(_read(path), str(path))
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise SystemExit(1)
    click.echo(f"{path}: OK")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"{path}: {exc.strerror}") from exc


def decision_json(line_id: Any, decision: Decision) -> dict[str, Any]:
    return {
        "id": line_id,
        "queue": decision.queue,
        "priority": decision.priority,
        "skills": list(decision.skills),
        "tags": list(decision.tags),
        "actions": list(decision.actions),
        "matched_rules": list(decision.matched_rules),
        "outcome": decision.outcome.value,
        "ruleset_version": decision.ruleset_version,
        "trace": list(decision.trace()),
    }


def _load(path: Path) -> Ruleset:
    try:
        return load(_read(path), str(path))
    except InvalidRules as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{path} does not validate; nothing was evaluated") from exc


Fill = Callable[[dict[str, Any]], dict[str, Any]]

CLASSIFIED = ("language", "topic", "urgency")


def classifier_fill(classifier: Classifier) -> Fill:
    """Complete a dry-run line the way the router would: the labels the line does not give
    are computed by the classifier, and secrets and entities found become facts too."""

    from router.classify.classifier import Hints

    def fill(data: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(data.get("text"), str) or all(k in data for k in CLASSIFIED):
            return data
        customer = data.get("customer")
        known = str(customer.get("language", "")) if isinstance(customer, dict) else ""
        r = classifier.classify(
            data["text"],
            str(data.get("subject", "")),
            str(data.get("channel", "")),
            Hints(customer_language=known),
        )
        computed: dict[str, Any] = {
            "secrets": sorted(r.secrets),
            "entities": sorted({e.kind for e in r.entities}),
        }
        if "language" not in data:
            computed |= {"language": r.language, "language_confidence": r.language_confidence}
        if "topic" not in data:
            computed |= {"topic": r.topic, "topic_confidence": r.topic_confidence}
        if "urgency" not in data:
            computed["urgency"] = r.urgency.value
        return computed | data

    return fill


def dry_run(
    ruleset: Ruleset, lines: TextIO, out: TextIO, now: datetime, fill: Fill | None = None
) -> int:
    """Evaluate every JSONL line; returns how many lines were refused (each reported)."""
    refused = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
            if fill is not None and isinstance(data, dict):
                data = fill(data)
            facts = facts_from_mapping(data)
        except (orjson.JSONDecodeError, InvalidInput) as exc:
            refused += 1
            click.echo(f"line {number}: {exc}", err=True)
            continue
        decision = evaluate(ruleset, facts, now)
        out.write(orjson.dumps(decision_json(data.get("id"), decision)).decode() + "\n")
    return refused


@rules.command("test")
@click.option("--rules", "rules_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--messages",
    "messages_path",
    required=True,
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="JSONL: id, channel, text, [subject, language, topic, urgency, customer, ...].",
)
@click.option("--now", type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S"]))
@click.option(
    "--no-classify",
    is_flag=True,
    help="Take lines as given; by default missing language/topic/urgency are classified.",
)
@click.pass_context
def test_cmd(
    ctx: click.Context,
    rules_path: Path | None,
    messages_path: Path,
    now: datetime | None,
    no_classify: bool,
) -> None:
    """Dry run: one JSON decision per input line, nothing stored or sent."""
    ruleset = _load(rules_path or _default_rules(ctx))
    fill = None
    if not no_classify:
        from router.classify.classifier import Classifier

        settings = settings_of(ctx)
        fill = classifier_fill(Classifier.load(settings.config_dir, settings.effective_models_dir))
    at = (now.replace(tzinfo=now.tzinfo or UTC)) if now else datetime.now(UTC)
    if str(messages_path) == "-":
        refused = dry_run(ruleset, sys.stdin, sys.stdout, at, fill)
    else:
        with messages_path.open(encoding="utf-8") as lines:
            refused = dry_run(ruleset, lines, sys.stdout, at, fill)
    if refused:
        raise SystemExit(1)


# --- versions: publish, rollback, history, replay -------------------------------------


async def _newest_schema(settings: Settings) -> None:
    """A first publish may come before any router ran: bring the store up to date."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await upgrade(settings.effective_database_url)


@asynccontextmanager
async def _engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    await _newest_schema(settings)
    engine = create_engine(settings.effective_database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def _clients(settings: Settings) -> AsyncIterator[tuple[AsyncEngine, Redis, Keys]]:
    await _newest_schema(settings)
    async with open_clients(settings) as c:
        yield c.engine, c.redis, c.keys


@rules.command("publish")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--author", required=True, help="Who publishes (kept in the history).")
@click.option("--message", required=True, help="Why (kept in the history).")
@click.pass_context
def publish_cmd(ctx: click.Context, path: Path, author: str, message: str) -> None:
    """Validate PATH and make it the active rule set of every running router; prints its version."""
    settings = require_redis(settings_of(ctx))
    text = _read(path)

    async def go() -> str:
        async with _clients(settings) as (engine, redis, keys):
            return await rulesets.publish(
                engine,
                redis,
                keys,
                text=text,
                filename=str(path),
                author=author,
                message=message,
                now=datetime.now(UTC),
            )

    try:
        click.echo(asyncio.run(go()))
    except InvalidRules as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{path} does not validate; nothing was published", err=True)
        raise SystemExit(1) from exc


@rules.command("rollback")
@click.argument("version")
@click.option("--author", required=True, help="Who rolls back (kept in the history).")
@click.option("--message", default="rollback", show_default=True)
@click.pass_context
def rollback_cmd(ctx: click.Context, version: str, author: str, message: str) -> None:
    """Make an earlier VERSION (or a unique prefix of it) active again; prints its version."""
    settings = require_redis(settings_of(ctx))

    async def go() -> str:
        async with _clients(settings) as (engine, redis, keys):
            return await rulesets.rollback(
                engine,
                redis,
                keys,
                version=version,
                author=author,
                now=datetime.now(UTC),
                message=message,
            )

    try:
        click.echo(asyncio.run(go()))
    except rulesets.UnknownVersion as exc:
        raise click.ClickException(str(exc)) from exc
    except InvalidRules as exc:
        raise click.ClickException(f"{version} no longer validates:\n{exc}") from exc


@rules.command("history")
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON list instead of a table.")
@click.pass_context
def history_cmd(ctx: click.Context, limit: int, as_json: bool) -> None:
    """Publications, newest first; the first one is the active rule set."""
    settings = settings_of(ctx)

    async def go() -> list[rulesets.Publication]:
        async with _engine(settings) as engine:
            return await rulesets.history(engine, limit)

    publications = asyncio.run(go())
    if as_json:
        click.echo(orjson.dumps([_publication_json(p) for p in publications]).decode())
        return
    if not publications:
        click.echo("(nothing published yet)")
    for n, p in enumerate(publications):
        when = p.published_at.strftime("%Y-%m-%d %H:%M:%S")
        mark = "*" if n == 0 else " "
        click.echo(f"{mark} {when}  {p.version}  {p.author:<16} {p.message}")


def _publication_json(p: rulesets.Publication) -> dict[str, Any]:
    return {
        "version": p.version,
        "author": p.author,
        "message": p.message,
        "published_at": p.published_at.isoformat(),
    }


_DURATION = re.compile(r"^(\d+)([mhdw])$")
_UNIT = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """``30m``, ``12h``, ``7d``, ``2w``."""
    found = _DURATION.match(text.strip())
    if not found:
        raise click.BadParameter(f"{text!r}: use a number and m, h, d or w, e.g. 7d")
    return timedelta(**{_UNIT[found[2]]: int(found[1])})


@rules.command("replay")
@click.option("--rules", "rules_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--since", default="7d", show_default=True, help="How far back: 30m, 12h, 7d.")
@click.option("--limit", default=100_000, show_default=True, help="At most this many messages.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of a table.")
@click.pass_context
def replay_cmd(
    ctx: click.Context, rules_path: Path | None, since: str, limit: int, as_json: bool
) -> None:
    """Re-decide stored traffic with candidate rules and print what would change."""
    settings = settings_of(ctx)
    window = parse_duration(since)
    candidate = _load(rules_path or _default_rules(ctx))
    now = datetime.now(UTC)

    async def go() -> ReplayReport:
        async with _engine(settings) as engine:
            return await replay(engine, candidate, now - window, now, limit)

    report = asyncio.run(go())
    if as_json:
        click.echo(orjson.dumps(report.to_json()).decode())
        return
    for line in render_report(report, candidate.filename):
        click.echo(line)


def render_report(report: ReplayReport, filename: str) -> list[str]:
    since = report.since.strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Replayed {report.total} messages since {since} with {filename} "
        f"({report.candidate_version}){' — stopped at the limit' if report.truncated else ''}",
        f"unchanged {report.unchanged}, moved {report.moved}, "
        f"priority changed {sum(p.count for p in report.priority_changes)}, "
        f"unmatched {report.unmatched}, errors {report.errors}",
    ]
    if report.moves:
        lines += ["", f"{'from':<20} {'to':<20} {'messages':>8}"]
    for move in report.moves:
        lines.append(f"{move.from_queue:<20} {move.to_queue:<20} {move.count:>8}")
        lines += [f"    {e.message_id}  {e.preview}" for e in move.examples]
    if report.priority_changes:
        lines += ["", f"{'queue':<20} {'priority':<20} {'messages':>8}"]
    for change in report.priority_changes:
        moved = f"{change.from_priority} -> {change.to_priority}"
        lines.append(f"{change.queue:<20} {moved:<20} {change.count:>8}")
        lines += [f"    {e.message_id}  {e.preview}" for e in change.examples]
    return lines
