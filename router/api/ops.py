"""Operational endpoints: health, Prometheus metrics, live queue depths."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from router.api.deps import PrincipalDep, Resources, ResourcesDep
from router.api.schemas import HealthOut, QueueOut
from router.queues_view import queue_states

CHECK_TIMEOUT_S = 2.0

router = APIRouter()


async def _check_redis(res: Resources) -> None:
    await res.redis.ping()


async def _check_database(res: Resources) -> None:
    async with res.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def _outcome(name: str, res: Resources) -> str:
    check = _check_redis if name == "redis" else _check_database
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_S):
            await check(res)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


@router.get("/", response_model=None)
async def index(request: Request) -> dict[str, object] | RedirectResponse:
    """A browser goes to the inbox; anything else gets the map of the API."""
    if "text/html" in request.headers.get("accept", ""):
        return RedirectResponse("/inbox", status_code=303)
    return {
        "name": "Switchboard",
        "endpoints": {
            "inbox": "/inbox",
            "queues": "/api/queues",
            "conversations": "/api/conversations?queue=&status=&limit=",
            "conversation": "/api/conversations/{id}",
            "reply": "POST /api/conversations/{id}/replies",
            "health": "/health",
            "metrics": "/metrics",
            "openapi": "/docs",
        },
    }


@router.get("/health", response_model=HealthOut)
async def health(res: ResourcesDep) -> JSONResponse:
    names = ("redis", "database")
    outcomes = await asyncio.gather(*(_outcome(n, res) for n in names))
    checks = dict(zip(names, outcomes, strict=True))
    healthy = all(o == "ok" for o in outcomes)
    body = HealthOut(status="ok" if healthy else "unavailable", checks=checks)
    return JSONResponse(body.model_dump(), status_code=200 if healthy else 503)


@router.get("/metrics")
async def metrics(res: ResourcesDep) -> Response:
    await res.metrics.refresh(res.redis, res.keys)
    return Response(res.metrics.render(), media_type=CONTENT_TYPE_LATEST)


@router.get("/api/queues", response_model=list[QueueOut])
async def queues(res: ResourcesDep, _principal: PrincipalDep) -> list[QueueOut]:
    now = datetime.now(UTC)
    return [
        QueueOut(
            name=q.name,
            depth=q.depth,
            next_conversation_id=q.next_conversation_id or None,
            oldest_conversation_id=q.oldest_conversation_id or None,
            oldest_waiting_seconds=round(q.waiting_seconds(now), 3),
        )
        for q in await queue_states(res.redis, res.keys)
    ]
