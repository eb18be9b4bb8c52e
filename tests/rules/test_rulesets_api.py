"""The admin rules API over the real app, real Redis and both stores."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from redis.asyncio import Redis
from rulesets_support import BROKEN_TEXT, rules_text
from sqlalchemy.ext.asyncio import AsyncEngine
from support.auth import signed_in_admin

from router.api import create_app
from router.api.deps import Principal, current_principal
from router.keys import Keys
from router.settings import Settings

pytestmark = pytest.mark.rules


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest_asyncio.fixture
async def client(app: FastAPI, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://test") as client:
            await signed_in_admin(client, engine)
            yield client


async def _publish(client: httpx.AsyncClient, text: str, message: str) -> httpx.Response:
    return await client.post("/api/rules/publish", json={"text": text, "message": message})


async def test_nothing_published_yet(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/rules")
    assert response.status_code == 200
    assert response.json() == {"active": None, "history": []}


async def test_validate_lists_problems_with_positions(client: httpx.AsyncClient) -> None:
    good = await client.post("/api/rules/validate", json={"text": rules_text()})
    bad = await client.post(
        "/api/rules/validate", json={"text": BROKEN_TEXT, "filename": "draft.yaml"}
    )
    assert good.json() == {"valid": True, "problems": []}
    [problem] = bad.json()["problems"]
    assert (problem["line"], problem["col"]) == (14, 19)
    assert problem["text"].startswith('draft.yaml:14:19: unknown queue "securty"')


async def test_publish_then_show_active_and_history(
    client: httpx.AsyncClient, redis: Redis, key_prefix: str
) -> None:
    published = await _publish(client, rules_text(), "first")
    assert published.status_code == 201, published.text
    version = published.json()["version"]

    shown = (await client.get("/api/rules")).json()

    assert shown["active"] == {"version": version, "text": rules_text()}
    [entry] = shown["history"]
    assert (entry["version"], entry["author"], entry["message"]) == (version, "Ada Admin", "first")
    assert await redis.get(Keys(key_prefix).rules_active) == version.encode()


async def test_an_invalid_publish_is_422_and_changes_nothing(client: httpx.AsyncClient) -> None:
    version = (await _publish(client, rules_text(), "good")).json()["version"]

    refused = await _publish(client, BROKEN_TEXT, "oops")

    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail["message"] == "the rules do not validate; nothing changed"
    assert [p["line"] for p in detail["problems"]] == [14]
    shown = (await client.get("/api/rules")).json()
    assert shown["active"]["version"] == version
    assert [h["message"] for h in shown["history"]] == ["good"]


async def test_rollback_reactivates_and_an_unknown_version_is_404(
    client: httpx.AsyncClient,
) -> None:
    first = (await _publish(client, rules_text(), "one")).json()["version"]
    await _publish(client, rules_text("payments"), "two")

    back = await client.post("/api/rules/rollback", json={"version": first})
    unknown = await client.post("/api/rules/rollback", json={"version": "sha256:0000"})

    assert back.json() == {"version": first}
    assert (await client.get("/api/rules")).json()["active"]["version"] == first
    assert unknown.status_code == 404
    assert "no stored rule set" in unknown.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/rules"),
        ("POST", "/api/rules/validate"),
        ("POST", "/api/rules/publish"),
        ("POST", "/api/rules/rollback"),
    ],
)
async def test_only_admins_get_in(
    app: FastAPI, client: httpx.AsyncClient, method: str, path: str
) -> None:
    async def agent() -> Principal:
        return Principal(id="a1", name="alex", role="agent")

    app.dependency_overrides[current_principal] = agent
    body = {"text": rules_text(), "message": "m", "version": "v"} if method == "POST" else None
    response = await client.request(method, path, json=body)
    assert response.status_code == 403
    assert response.json() == {"detail": "admins only"}
