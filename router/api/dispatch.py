"""Dispatch over HTTP: presence heartbeats, "take next", offers, the supervisor's view of
agents and manual assignment. The operations themselves live in :mod:`router.dispatch`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from fastapi import APIRouter, HTTPException, Response, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from router.api.deps import AgentDep, Principal, Resources, ResourcesDep, SupervisorDep
from router.dispatch.agents import get_agent, list_agents
from router.dispatch.errors import NoRoom, NotFound, NotPresent, ScheduleError
from router.dispatch.model import Agent, Presence
from router.dispatch.presence import loads_of
from router.dispatch.service import Dispatch, DispatchConfig
from router.dispatch.shifts import on_shift

router = APIRouter(prefix="/api")


class PresenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["online", "away", "offline"]


class PresenceOut(BaseModel):
    status: str
    previous: str
    heartbeat_ttl_s: float


class TakenOut(BaseModel):
    conversation_id: str


class OfferOut(BaseModel):
    conversation_id: str
    queue: str
    channel: str
    offered_at: datetime
    expires_at: datetime


class AgentStateOut(BaseModel):
    id: str
    email: str
    name: str
    role: str
    teams: list[str]
    languages: list[str]
    skills: list[str]
    presence: str
    on_shift: bool
    load: dict[str, int]
    capacity: dict[str, int]
    holding: int


class AssignIn(BaseModel):
    """Exactly one: an agent to give the conversation to, or a queue to put it back in."""

    model_config = ConfigDict(extra="forbid")
    agent_id: str | None = None
    queue: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.:-]{1,64}$")

    @model_validator(mode="after")
    def one_target(self) -> AssignIn:
        if (self.agent_id is None) == (self.queue is None):
            raise ValueError("give exactly one of agent_id or queue")
        return self


class AssignedOut(BaseModel):
    conversation_id: str
    agent_id: str | None
    queue: str | None


def dispatch_for(res: Resources) -> Dispatch:
    """The dispatch operations for a request (the inbox calls ``release`` on resolve)."""
    config = DispatchConfig.from_settings(res.settings)
    return Dispatch(res.engine, res.redis, res.keys, config, res.metrics.dispatch)


async def _me(res: Resources, principal: Principal) -> Agent:
    agent = await get_agent(res.engine, principal.id) if principal.id else None
    if agent is None or not agent.active:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no active agent signed in")
    return agent


@router.post("/agents/me/presence", response_model=PresenceOut)
async def post_presence(body: PresenceIn, res: ResourcesDep, principal: AgentDep) -> PresenceOut:
    """Set presence; also the heartbeat: send it at least every ``heartbeat_ttl_s``."""
    agent = await _me(res, principal)
    d = dispatch_for(res)
    before = await d.heartbeat(agent, Presence(body.status))
    return PresenceOut(
        status=body.status, previous=before.value, heartbeat_ttl_s=d.config.heartbeat_ttl_s
    )


@router.post(
    "/queues/{queue}/take",
    response_model=TakenOut,
    responses={
        204: {"description": "nothing in this queue fits you now"},
        409: {"description": "you are offline"},
    },
)
async def take_next(queue: str, res: ResourcesDep, principal: AgentDep) -> TakenOut | Response:
    agent = await _me(res, principal)
    try:
        taken = await dispatch_for(res).take(agent, queue)
    except NotPresent as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    if taken is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return TakenOut(conversation_id=taken)


@router.get("/offers", response_model=list[OfferOut])
async def my_offers(res: ResourcesDep, principal: AgentDep) -> list[OfferOut]:
    d = dispatch_for(res)
    timeout = d.config.offer_timeout_ms
    return [
        OfferOut(
            conversation_id=h.conversation_id,
            queue=h.queue,
            channel=h.channel,
            offered_at=datetime.fromtimestamp(h.since_ms / 1000, UTC),
            expires_at=datetime.fromtimestamp((h.since_ms + timeout) / 1000, UTC),
        )
        for h in await d.offers(principal.id)
    ]


@router.post("/offers/{conversation_id}/accept", response_model=AssignedOut)
async def accept_offer(conversation_id: str, res: ResourcesDep, principal: AgentDep) -> AssignedOut:
    try:
        await dispatch_for(res).accept(principal.id, conversation_id)
    except NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    return AssignedOut(conversation_id=conversation_id, agent_id=principal.id, queue=None)


@router.post("/offers/{conversation_id}/decline", status_code=status.HTTP_204_NO_CONTENT)
async def decline_offer(conversation_id: str, res: ResourcesDep, principal: AgentDep) -> None:
    try:
        await dispatch_for(res).decline(principal.id, conversation_id)
    except NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc


@router.get("/agents", response_model=list[AgentStateOut])
async def agents_state(res: ResourcesDep, _supervisor: SupervisorDep) -> list[AgentStateOut]:
    d = dispatch_for(res)
    agents = await list_agents(res.engine)
    ids = [a.id for a in agents]
    presence = await d.presence.statuses(ids)
    loads = await loads_of(res.redis, d.dkeys, ids)
    now = datetime.now(UTC)
    return [
        AgentStateOut(
            id=a.id,
            email=a.email,
            name=a.name,
            role=a.role,
            teams=list(a.teams),
            languages=list(a.languages),
            skills=list(a.skills),
            presence=presence[a.id].value,
            on_shift=_on_shift(a, now),
            load=loads[a.id],
            capacity={"*": d.config.default_capacity, **a.capacity},
            holding=sum(loads[a.id].values()),
        )
        for a in agents
    ]


def _on_shift(agent: Agent, now: datetime) -> bool:
    try:
        return on_shift(agent.schedule, agent.timezone, now)
    except ScheduleError:
        return False


@router.post("/conversations/{conversation_id}/assign", response_model=AssignedOut)
async def assign(
    conversation_id: str, body: AssignIn, res: ResourcesDep, _supervisor: SupervisorDep
) -> AssignedOut:
    d = dispatch_for(res)
    try:
        if body.agent_id is not None:
            agent = await get_agent(res.engine, body.agent_id)
            if agent is None or not agent.active:
                raise NotFound(f"no active agent {body.agent_id}")
            await d.assign_to_agent(conversation_id, agent)
        else:
            assert body.queue is not None
            await d.assign_to_queue(conversation_id, body.queue)
    except NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except NoRoom as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return AssignedOut(conversation_id=conversation_id, agent_id=body.agent_id, queue=body.queue)
