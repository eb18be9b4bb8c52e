from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from api_seeding import T0, Seeder

pytestmark = pytest.mark.pipeline


async def _all_pages(client: httpx.AsyncClient, query: str, limit: int) -> list[list[str]]:
    pages: list[list[str]] = []
    cursor = ""
    while True:
        suffix = f"&cursor={cursor}" if cursor else ""
        response = await client.get(f"/api/conversations?limit={limit}{query}{suffix}")
        assert response.status_code == 200
        body = response.json()
        pages.append([c["thread_key"] for c in body["items"]])
        if body["next_cursor"] is None:
            return pages
        cursor = body["next_cursor"]


async def test_list_is_newest_activity_first_across_pages(
    client: httpx.AsyncClient, seed: Seeder
) -> None:
    for n in range(5):
        await seed(f"t{n}", last_message_at=T0 + timedelta(minutes=n))
    await seed("tie", last_message_at=T0 + timedelta(minutes=4))

    pages = await _all_pages(client, "", limit=2)

    flat = [t for page in pages for t in page]
    assert len(pages) == 3
    assert sorted(flat[:2]) == ["t4", "tie"]
    assert flat[2:] == ["t3", "t2", "t1", "t0"]


async def test_list_filters_by_queue_status_and_customer(
    client: httpx.AsyncClient, seed: Seeder
) -> None:
    a = await seed("a", queue="billing", status="open")
    await seed("b", queue="billing", status="resolved")
    await seed("c", queue="tech", status="open")

    async def threads(query: str) -> list[str]:
        response = await client.get(f"/api/conversations?{query}")
        return sorted(c["thread_key"] for c in response.json()["items"])

    assert await threads("queue=billing") == ["a", "b"]
    assert await threads("queue=billing&status=open") == ["a"]
    assert await threads("status=open") == ["a", "c"]
    assert await threads(f"customer_id={a.customer_id}") == ["a"]
    assert await threads("queue=nowhere") == []


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "cursor=not-a-cursor"])
async def test_bad_list_parameters_are_422(client: httpx.AsyncClient, query: str) -> None:
    response = await client.get(f"/api/conversations?{query}")
    assert response.status_code == 422


async def test_detail_has_customer_identities_and_ordered_messages_with_decisions(
    client: httpx.AsyncClient, seed: Seeder
) -> None:
    seeded = await seed("detail", messages_count=3)

    response = await client.get(f"/api/conversations/{seeded.conversation_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["conversation"]["id"] == seeded.conversation_id
    assert body["conversation"]["queue"] == "billing"
    assert body["conversation"]["tags"] == ["vip"]
    assert body["conversation"]["last_message_at"] == "2026-03-01T12:00:00Z"
    assert body["customer"]["id"] == seeded.customer_id
    assert body["customer"]["identities"] == [
        {"channel": "log", "external_id": "cust-detail", "display_name": ""}
    ]
    assert [m["id"] for m in body["messages"]] == list(seeded.message_ids)
    first = body["messages"][0]
    assert first["text"] == "customer message 0"
    assert first["direction"] == "in"
    assert first["decision"]["queue"] == "billing"
    assert first["decision"]["payload"]["matched_rules"] == ["billing-to-billing"]


async def test_unknown_conversation_and_message_are_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/conversations/nope")).status_code == 404
    assert (await client.get("/api/messages/nope")).status_code == 404


async def test_message_by_id(client: httpx.AsyncClient, seed: Seeder) -> None:
    seeded = await seed("one", messages_count=1)
    response = await client.get(f"/api/messages/{seeded.message_ids[0]}")
    assert response.status_code == 200
    body = response.json()
    assert body["conversation_id"] == seeded.conversation_id
    assert body["decision"]["ruleset_version"] == "v1"
