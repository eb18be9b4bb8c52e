"""``switchboard rules validate|test``: check a rule file, and dry-run it on messages."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click
import orjson

from router.cli.common import settings_of
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


@click.group()
def rules() -> None:
    """Routing rules: validate and dry-run before publishing."""


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


def dry_run(ruleset: Ruleset, lines: TextIO, out: TextIO, now: datetime) -> int:
    """Evaluate every JSONL line; returns how many lines were refused (each reported)."""
    refused = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
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
@click.pass_context
def test_cmd(
    ctx: click.Context, rules_path: Path | None, messages_path: Path, now: datetime | None
) -> None:
    """Dry run: one JSON decision per input line, nothing stored or sent."""
    ruleset = _load(rules_path or _default_rules(ctx))
    at = (now.replace(tzinfo=now.tzinfo or UTC)) if now else datetime.now(UTC)
    if str(messages_path) == "-":
        refused = dry_run(ruleset, sys.stdin, sys.stdout, at)
    else:
        with messages_path.open(encoding="utf-8") as lines:
            refused = dry_run(ruleset, lines, sys.stdout, at)
    if refused:
        raise SystemExit(1)
