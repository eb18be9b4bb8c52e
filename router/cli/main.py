"""Entry point: ``switchboard <command>``; ``switchboard --help`` lists them."""

from __future__ import annotations

import click

from router.cli import processes
from router.cli.agents import agents
from router.cli.bench import bench
from router.cli.classify import classify, topics
from router.cli.dlq import dlq
from router.cli.ops import db, queues
from router.cli.rules import rules
from router.cli.simulate import simulate
from router.logging import configure_logging
from router.settings import SettingsError, load_settings


@click.group()
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Switchboard: every support channel in one stream, routed by rules, one inbox."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc
    configure_logging(settings)
    ctx.obj = settings


for command in (
    processes.dev,
    processes.route,
    processes.web,
    processes.connector,
    simulate,
    queues,
    db,
    dlq,
    bench,
    rules,
    classify,
    topics,
    processes.dispatch,
    agents,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="switchboard")
