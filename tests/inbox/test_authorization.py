"""Roles and read access: an agent reads only their queues' and their own conversations,
and cannot call supervisor or admin endpoints; staff read everything. On both stores."""

from __future__ import annotations

import pytest
from inbox_seeding import seed_conversation
from sqlalchemy.ext.asyncio import AsyncEngine
from support.auth import ClientFactory

pytestmark = pytest.mark.inbox

# config/rules.yaml: security needs the skill "security", withdrawals "withdrawals",
# general nothing; "billing" is declared nowhere (deny by default).


async def test_an_agent_reads_only_conversations_of_queues_they_may_take_from(
    as_agent: ClientFactory, engine: AsyncEngine
) -> None:
    secret = await seed_conversation(
        engine, "t-sec", queue="security", text="my account was hacked"
    )
    mine = await seed_conversation(engine, "t-wd", queue="withdrawals", text="withdrawal stuck")
    undeclared = await seed_conversation(engine, "t-bill", queue="billing")
    amy = await as_agent("amy@example.com", skills=["withdrawals"])

    listed = (await amy.get("/api/inbox/conversations", params={"view": "queues"})).json()
    legacy = (await amy.get("/api/conversations")).json()

    assert [i["id"] for i in listed["items"]] == [mine.conversation_id]
    assert [i["id"] for i in legacy["items"]] == [mine.conversation_id]
    assert (await amy.get(f"/api/inbox/conversations/{mine.conversation_id}")).status_code == 200
    for hidden in (secret, undeclared):
        c, m = hidden.conversation_id, hidden.message_id
        for path in (
            f"/api/conversations/{c}",
            f"/api/inbox/conversations/{c}",
            f"/api/messages/{m}",
        ):
            response = await amy.get(path)
            assert response.status_code == 404, path
    queues = [q["name"] for q in (await amy.get("/api/inbox/queues")).json()]
    assert "withdrawals" in queues
    assert "general" in queues
    assert "security" not in queues


async def test_a_forbidden_id_looks_exactly_like_a_missing_one(
    as_agent: ClientFactory, engine: AsyncEngine
) -> None:
    secret = await seed_conversation(engine, "t-sec", queue="security")
    amy = await as_agent("amy@example.com", skills=[])

    forbidden = await amy.get(f"/api/inbox/conversations/{secret.conversation_id}")
    missing = await amy.get("/api/inbox/conversations/00000000-0000-0000-0000-000000000000")

    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("POST", "replies", {"text": "hi"}),
        ("POST", "notes", {"text": "hi"}),
        ("PUT", "tags", {"tags": ["x"]}),
        ("PUT", "priority", {"priority": 99}),
        ("POST", "transfer", {"queue": "general"}),
        ("POST", "snooze", {"until": "2099-01-01T00:00:00Z"}),
        ("POST", "resolve", None),
        ("POST", "reopen", None),
    ],
)
async def test_an_agent_cannot_act_on_a_conversation_they_cannot_read(
    as_agent: ClientFactory, engine: AsyncEngine, method: str, suffix: str, body: object
) -> None:
    secret = await seed_conversation(engine, "t-sec", queue="security")
    amy = await as_agent("amy@example.com", skills=["withdrawals"])

    response = await amy.request(
        method, f"/api/conversations/{secret.conversation_id}/{suffix}", json=body
    )

    assert response.status_code == 404


async def test_skills_and_assignment_open_a_conversation(
    as_agent: ClientFactory, engine: AsyncEngine
) -> None:
    sam = await as_agent("sam@example.com", skills=["security"])
    amy_client = await as_agent("amy@example.com", skills=[])
    amy_id = (await amy_client.get("/api/session")).json()["agent"]["id"]
    secret = await seed_conversation(engine, "t-sec", queue="security")
    handed = await seed_conversation(engine, "t-sec2", queue="security", assignee_id=amy_id)

    assert (await sam.get(f"/api/inbox/conversations/{secret.conversation_id}")).status_code == 200
    assert (
        await amy_client.get(f"/api/inbox/conversations/{handed.conversation_id}")
    ).status_code == 200
    assert (
        await amy_client.get(f"/api/inbox/conversations/{secret.conversation_id}")
    ).status_code == 404
    mine = (await amy_client.get("/api/inbox/conversations", params={"view": "mine"})).json()
    assert [i["id"] for i in mine["items"]] == [handed.conversation_id]


async def test_search_never_reaches_past_what_the_agent_may_read(
    as_agent: ClientFactory, engine: AsyncEngine
) -> None:
    await seed_conversation(engine, "t-sec", queue="security", text="order 12345 vanished")
    visible = await seed_conversation(engine, "t-gen", queue="general", text="order 12345 late")
    amy = await as_agent("amy@example.com")
    sue = await as_agent("sue@example.com", role="supervisor")

    amy_found = (await amy.get("/api/inbox/conversations", params={"q": "12345"})).json()
    sue_found = (await sue.get("/api/inbox/conversations", params={"q": "12345"})).json()

    assert [i["id"] for i in amy_found["items"]] == [visible.conversation_id]
    assert len(sue_found["items"]) == 2


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/rules"),
        ("POST", "/api/rules/validate"),
        ("POST", "/api/rules/publish"),
        ("POST", "/api/rules/rollback"),
        ("GET", "/api/inbox/conversations?view=all"),
    ],
)
async def test_an_agent_cannot_call_supervisor_or_admin_endpoints(
    as_agent: ClientFactory, method: str, path: str
) -> None:
    amy = await as_agent("amy@example.com", skills=["security", "withdrawals"])
    body = {"text": "x", "message": "m", "version": "v"} if method == "POST" else None

    response = await amy.request(method, path, json=body)

    assert response.status_code == 403


async def test_a_supervisor_sees_all_but_cannot_change_rules(
    as_agent: ClientFactory, engine: AsyncEngine
) -> None:
    await seed_conversation(engine, "t-sec", queue="security")
    await seed_conversation(engine, "t-bill", queue="billing")
    sue = await as_agent("sue@example.com", role="supervisor")

    everything = (await sue.get("/api/inbox/conversations", params={"view": "all"})).json()

    assert len(everything["items"]) == 2
    assert (await sue.get("/api/rules")).status_code == 403
