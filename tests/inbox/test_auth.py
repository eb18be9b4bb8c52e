"""Sign-in, sessions, CSRF and sign-out over the real app, on both stores."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine
from support.auth import PASSWORD, ClientFactory, add_agent, sign_in

from router.store.schema import agents

pytestmark = pytest.mark.inbox

PUBLIC = {("POST", "/api/session")}


def _api_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every documented /api operation, path parameters filled in."""
    found = []
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/api"):
            concrete = path.replace("{conversation_id}", "c1").replace("{message_id}", "m1")
            found.extend((method.upper(), concrete) for method in operations)
    return found


async def test_every_api_endpoint_but_sign_in_needs_a_session(
    app: FastAPI, new_client: Callable[[], httpx.AsyncClient]
) -> None:
    client = new_client()
    routes = [r for r in _api_routes(app) if r not in PUBLIC]
    assert len(routes) >= 20, routes

    answers = {(m, p): (await client.request(m, p, json={})).status_code for m, p in routes}

    assert {k: v for k, v in answers.items() if v != 401} == {}


async def test_the_pages_and_health_stay_public(
    new_client: Callable[[], httpx.AsyncClient],
) -> None:
    client = new_client()
    page = await client.get("/inbox")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "'unsafe-inline'" not in page.headers["content-security-policy"]
    assert (await client.get("/inbox/static/app.js")).status_code == 200
    assert (await client.get("/health")).status_code == 200
    browser = await client.get("/", headers={"accept": "text/html"})
    assert (browser.status_code, browser.headers["location"]) == (303, "/inbox")


async def test_sign_in_sets_a_hardened_session_cookie_and_reports_who(
    new_client: Callable[[], httpx.AsyncClient], engine: AsyncEngine
) -> None:
    await add_agent(engine, "Amy@Example.com", name="Amy", skills=["withdrawals"])
    client = new_client()

    signed = await client.post(
        "/api/session", json={"email": "amy@example.com ", "password": PASSWORD}
    )

    assert signed.status_code == 200
    cookie = signed.headers["set-cookie"].lower()
    assert cookie.startswith("sb_session=")
    for flag in ("httponly", "secure", "samesite=strict", "path=/"):
        assert flag in cookie
    me = (await client.get("/api/session")).json()
    assert me["agent"]["name"] == "Amy"
    assert me["agent"]["role"] == "agent"
    assert me["csrf_token"] == signed.json()["csrf_token"]


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    new_client: Callable[[], httpx.AsyncClient], engine: AsyncEngine
) -> None:
    await add_agent(engine, "amy@example.com")
    client = new_client()

    wrong = await client.post("/api/session", json={"email": "amy@example.com", "password": "x"})
    unknown = await client.post("/api/session", json={"email": "who@example.com", "password": "x"})

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "wrong email or password"}
    assert "set-cookie" not in wrong.headers
    assert (await client.get("/api/inbox/conversations")).status_code == 401


async def test_an_inactive_agent_cannot_sign_in(
    new_client: Callable[[], httpx.AsyncClient], engine: AsyncEngine
) -> None:
    await add_agent(engine, "gone@example.com", active=False)
    response = await new_client().post(
        "/api/session", json={"email": "gone@example.com", "password": PASSWORD}
    )
    assert response.status_code == 401


async def test_repeated_failures_lock_the_email_out(
    new_client: Callable[[], httpx.AsyncClient], engine: AsyncEngine
) -> None:
    await add_agent(engine, "amy@example.com")
    client = new_client()
    for _ in range(10):
        await client.post("/api/session", json={"email": "amy@example.com", "password": "guess"})

    right = await client.post(
        "/api/session", json={"email": "amy@example.com", "password": PASSWORD}
    )

    assert right.status_code == 429


async def test_state_changes_need_the_csrf_token(as_agent: ClientFactory) -> None:
    client = await as_agent("sue@example.com", role="supervisor")
    token = client.headers.pop("X-CSRF-Token")
    body = {"text": "x"}

    missing = await client.post("/api/conversations/c1/notes", json=body)
    wrong = await client.post(
        "/api/conversations/c1/notes", json=body, headers={"X-CSRF-Token": token[:-2] + "xx"}
    )
    right = await client.post(
        "/api/conversations/c1/notes", json=body, headers={"X-CSRF-Token": token}
    )

    assert (missing.status_code, missing.json()) == (403, {"detail": "missing or wrong CSRF token"})
    assert wrong.status_code == 403
    assert right.status_code == 404  # past CSRF; the conversation just does not exist


async def test_a_cross_site_sign_in_is_refused(
    new_client: Callable[[], httpx.AsyncClient], engine: AsyncEngine
) -> None:
    await add_agent(engine, "amy@example.com")
    response = await new_client().post(
        "/api/session",
        json={"email": "amy@example.com", "password": PASSWORD},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403


async def test_sign_out_ends_the_session_for_good(
    new_client: Callable[[], httpx.AsyncClient], engine: AsyncEngine
) -> None:
    await add_agent(engine, "amy@example.com")
    client = new_client()
    await sign_in(client, "amy@example.com")
    cookie = client.cookies.get("sb_session")

    assert (await client.delete("/api/session")).status_code == 204

    replay = new_client()
    replay.cookies.set("sb_session", cookie or "", domain="inbox.test")
    assert (await replay.get("/api/session")).status_code == 401
    assert (await client.get("/api/session")).status_code == 401


async def test_deactivating_an_agent_ends_their_session_at_once(
    as_agent: ClientFactory, engine: AsyncEngine
) -> None:
    client = await as_agent("amy@example.com")
    assert (await client.get("/api/inbox/conversations")).status_code == 200

    async with engine.begin() as conn:
        await conn.execute(
            update(agents).where(agents.c.email == "amy@example.com").values(active=0)
        )

    assert (await client.get("/api/inbox/conversations")).status_code == 401


async def test_signing_in_again_replaces_the_session(
    new_client: Callable[[], httpx.AsyncClient], engine: AsyncEngine
) -> None:
    await add_agent(engine, "amy@example.com")
    client = new_client()
    await sign_in(client, "amy@example.com")
    first = client.cookies.get("sb_session") or ""

    await sign_in(client, "amy@example.com")

    assert client.cookies.get("sb_session") not in ("", first)
    replay = new_client()
    replay.cookies.set("sb_session", first, domain="inbox.test")
    assert (await replay.get("/api/session")).status_code == 401
