"""Realistic inbound traffic for demos and benchmarks, from the shipped sample messages.

Each generated message is a new conversation or, with probability ``followups``, a
follow-up by the same customer on the same thread as an earlier one. Channels, languages
and texts come from ``config/samples/messages.jsonl``; each channel carries the language
hint its real connector would give (Telegram's language_code, the browser's language).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from router.models import Message, Sender

HINTED_CHANNELS = frozenset({"telegram", "webchat"})


@dataclass(frozen=True, slots=True)
class Sample:
    channel: str
    language: str
    text: str
    subject: str = ""


def load_samples(path: Path) -> list[Sample]:
    samples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = orjson.loads(line)
            samples.append(
                Sample(raw["channel"], raw["language"], raw["text"], raw.get("subject", ""))
            )
    if not samples:
        raise ValueError(f"{path}: no sample messages")
    return samples


@dataclass(frozen=True, slots=True)
class _Thread:
    channel: str
    key: str
    sender: Sender
    language: str


def generate(
    samples: list[Sample], count: int, rng: random.Random, now: datetime, followups: float = 0.3
) -> Iterator[Message]:
    run = uuid.UUID(int=rng.getrandbits(128)).hex[:10]
    threads: list[_Thread] = []
    for n in range(count):
        if threads and rng.random() < followups:
            thread = rng.choice(threads)
            sample = rng.choice([s for s in samples if s.channel == thread.channel] or samples)
        else:
            sample = rng.choice(samples)
            thread = _new_thread(sample, run, n)
            threads.append(thread)
        yield _message(sample, thread, f"sim-{run}-{n}", now)


def _new_thread(sample: Sample, run: str, n: int) -> _Thread:
    handle = f"sim-{run}-customer-{n}"
    sender_id = f"{handle}@example.test" if sample.channel == "email" else handle
    return _Thread(
        channel=sample.channel,
        key=f"sim-{run}-thread-{n}",
        sender=Sender(external_id=sender_id, display_name=f"Customer {n}", username=handle),
        language=sample.language,
    )


def _message(sample: Sample, thread: _Thread, external_id: str, now: datetime) -> Message:
    return Message(
        channel=thread.channel,
        external_id=external_id,
        thread_key=thread.key,
        sender=thread.sender,
        text=sample.text,
        subject=sample.subject,
        sent_at=now,
        received_at=now,
        language_hints=(thread.language,) if thread.channel in HINTED_CHANNELS else (),
    )
