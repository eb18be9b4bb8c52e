"""Agent accounts as the web needs them: look up by id (each request) or email (sign-in)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.store.schema import agents


@dataclass(frozen=True, slots=True)
class Account:
    id: str
    email: str
    name: str
    role: str
    password_hash: str
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    active: bool


async def _one(engine: AsyncEngine, where: ColumnElement[bool]) -> Account | None:
    async with engine.connect() as conn:
        row = (await conn.execute(select(agents).where(where))).first()
    if row is None:
        return None
    return Account(
        id=row.id,
        email=row.email,
        name=row.name,
        role=row.role,
        password_hash=row.password_hash or "",
        languages=tuple(row.languages or ()),
        skills=tuple(row.skills or ()),
        active=bool(row.active),
    )


async def by_id(engine: AsyncEngine, agent_id: str) -> Account | None:
    return await _one(engine, agents.c.id == agent_id)


async def by_email(engine: AsyncEngine, email: str) -> Account | None:
    """Emails compare case-insensitively, as people type them."""
    return await _one(engine, func.lower(agents.c.email) == email.strip().lower())
