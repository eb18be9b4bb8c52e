"""Agents for API tests: rows straight into the ``agents`` table, and a signed-in client."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from router.auth.passwords import hash_password
from router.store.schema import agents

PASSWORD = "correct horse battery staple"

# ``await as_agent("amy@x", role=..., skills=[...])``: a client signed in as a new agent.
ClientFactory = Callable[..., Awaitable[httpx.AsyncClient]]
_HASH = hash_password(PASSWORD)  # argon2 is slow on purpose: hash once per session


def agent_row(
    email: str,
    *,
    role: str = "agent",
    name: str | None = None,
    skills: Sequence[str] = (),
    languages: Sequence[str] = ("en",),
    active: bool = True,
    password_hash: str = _HASH,
) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "email": email,
        "name": name or email.split("@")[0].title(),
        "role": role,
        "password_hash": password_hash,
        "languages": list(languages),
        "skills": list(skills),
        "active": 1 if active else 0,
        "created_at": datetime.now(UTC),
    }


async def add_agent(engine: AsyncEngine, email: str, **fields: Any) -> str:
    """Insert an agent (password :data:`PASSWORD` unless ``password_hash`` is given)."""
    row = agent_row(email, **fields)
    async with engine.begin() as conn:
        await conn.execute(insert(agents).values(**row))
    return str(row["id"])


async def sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    """Sign ``client`` in; it then sends the session's CSRF token on every request."""
    response = await client.post("/api/session", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    token = str(response.json()["csrf_token"])
    client.headers["X-CSRF-Token"] = token
    return token


async def signed_in_admin(client: httpx.AsyncClient, engine: AsyncEngine) -> str:
    email = f"admin-{uuid.uuid4().hex[:6]}@example.com"
    await add_agent(engine, email, role="admin", name="Ada Admin")
    return await sign_in(client, email)
