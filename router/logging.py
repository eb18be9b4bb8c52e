"""Logging set-up: structlog for our code, with the stdlib loggers of libraries routed through it.

Production writes one JSON object per line (for a log shipper); development writes readable,
coloured lines. Both go to stderr, so a Procfile runner interleaves them per process.
"""

from __future__ import annotations

import logging
import sys

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from router.settings import Settings


def _drop_color_message(_: WrappedLogger, __: str, event: EventDict) -> EventDict:
    # uvicorn passes an ANSI-coloured copy of every message as an "extra"; it is noise here.
    event.pop("color_message", None)
    return event


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(),
        _drop_color_message,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]


def _renderer(production: bool) -> Processor:
    if production:
        return structlog.processors.JSONRenderer()
    return structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())


def configure_logging(settings: Settings) -> None:
    """Route structlog and stdlib logging to stderr in the format ``settings.env`` asks for."""
    production = settings.env == "production"
    shared = _shared_processors()
    final: list[Processor] = [structlog.stdlib.ProcessorFormatter.remove_processors_meta]
    if production:
        # The console renderer formats tracebacks itself; JSON needs them as a string field.
        final.append(structlog.processors.format_exc_info)
    final.append(_renderer(production))
    formatter = structlog.stdlib.ProcessorFormatter(foreign_pre_chain=shared, processors=final)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
