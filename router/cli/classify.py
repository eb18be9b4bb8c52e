"""``switchboard classify`` and ``switchboard topics train|eval``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from router.cli.common import settings_of


@click.command()
@click.option(
    "--model",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A topic model from `topics train` (default: the exchange model).",
)
@click.pass_context
def classify(ctx: click.Context, model: Path | None) -> None:
    """JSONL on stdin (id, channel, text, [subject, hints]) to one JSON result per line:
    language, topic, urgency (with reasons), entities, secrets found, redacted text."""
    from router.classify.classifier import Classifier
    from router.classify.cli import classify_lines

    settings = settings_of(ctx)
    classifier = Classifier.load(
        settings.config_dir, settings.effective_models_dir, model_path=model
    )
    for line in classify_lines(classifier, sys.stdin):
        click.echo(line)


@click.group()
def topics() -> None:
    """The trainable topic classifier."""


@topics.command("train")
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-column", default="text", show_default=True)
@click.option("--label-column", default="category", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--embeddings",
    type=click.Choice(["auto", "yes", "no"]),
    default="auto",
    show_default=True,
    help="Add MiniLM sentence embeddings (auto: when the `embeddings` extra is installed).",
)
def train(data: Path, text_column: str, label_column: str, out: Path, embeddings: str) -> None:
    """Train a topic model on labelled CSV examples and write it to OUT."""
    from router.classify.cli import train_topics

    click.echo(json.dumps(train_topics(data, text_column, label_column, out, embeddings)))


@topics.command("eval")
@click.option(
    "--model", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--data", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-column", default="text", show_default=True)
@click.option("--label-column", default="category", show_default=True)
def evaluate(model: Path, data: Path, text_column: str, label_column: str) -> None:
    """Accuracy, macro-F1 and time per message of MODEL on labelled CSV data, as JSON."""
    from router.classify.cli import eval_topics

    click.echo(json.dumps(eval_topics(model, data, text_column, label_column)))
