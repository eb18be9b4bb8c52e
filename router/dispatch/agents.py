"""Agents in the system of record: who they are, what they can do, how much they can hold."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from router.auth.passwords import hash_password
from router.dispatch.errors import AgentError
from router.dispatch.model import Agent
from router.dispatch.shifts import parse_window, zone
from router.models import stable_id
from router.store.schema import agents

ROLES = ("agent", "supervisor", "admin")


def agent_id_for(email: str) -> str:
    return stable_id("agent", email.strip().lower())


def parse_capacity(text: str) -> dict[str, int]:
    """``"webchat=4,email=10,*=5"`` -> {"webchat": 4, "email": 10, "*": 5}; a bare number is
    the capacity on every channel."""
    text = text.strip()
    if text.isdigit():
        return {"*": int(text)}
    capacity: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        channel, sep, number = part.partition("=")
        if not sep or not number.strip().isdigit() or not channel.strip():
            raise AgentError(f"capacity {part!r} is not like 'webchat=4'")
        capacity[channel.strip()] = int(number)
    return capacity


def names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


def _row_to_agent(row: Any) -> Agent:
    return Agent(
        id=row.id,
        email=row.email,
        name=row.name,
        role=row.role,
        languages=tuple(row.languages or ()),
        skills=tuple(row.skills or ()),
        teams=tuple(row.teams or ()),
        capacity={str(k): int(v) for k, v in (row.capacity or {}).items()},
        schedule=tuple(row.schedule or ()),
        timezone=row.timezone or "UTC",
        active=bool(row.active),
    )


async def add_agent(
    engine: AsyncEngine,
    *,
    email: str,
    name: str,
    password: str,
    role: str = "agent",
    languages: Sequence[str] = (),
    skills: Sequence[str] = (),
    teams: Sequence[str] = (),
    capacity: Mapping[str, int] | None = None,
    schedule: Sequence[str] = (),
    timezone: str = "UTC",
) -> Agent:
    if role not in ROLES:
        raise AgentError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if "@" not in email:
        raise AgentError(f"{email!r} is not an email address")
    for window in schedule:
        parse_window(window)
    zone(timezone)
    row = {
        "id": agent_id_for(email),
        "email": email.strip().lower(),
        "name": name,
        "role": role,
        "password_hash": hash_password(password),
        "languages": list(languages),
        "skills": list(skills),
        "teams": list(teams),
        "capacity": dict(capacity or {}),
        "schedule": list(schedule),
        "timezone": timezone,
        "active": 1,
        "created_at": datetime.now(UTC),
    }
    try:
        async with engine.begin() as conn:
            await conn.execute(insert(agents).values(**row))
    except IntegrityError as exc:
        raise AgentError(f"an agent with email {row['email']!r} already exists") from exc
    stored = await get_agent(engine, str(row["id"]))
    assert stored is not None
    return stored


async def list_agents(engine: AsyncEngine, *, active_only: bool = False) -> list[Agent]:
    query = select(agents).order_by(agents.c.email)
    if active_only:
        query = query.where(agents.c.active == 1)
    async with engine.connect() as conn:
        return [_row_to_agent(r) for r in (await conn.execute(query)).all()]


async def get_agent(engine: AsyncEngine, agent_id: str) -> Agent | None:
    async with engine.connect() as conn:
        row = (await conn.execute(select(agents).where(agents.c.id == agent_id))).first()
    return _row_to_agent(row) if row else None
