"""What a request handler may depend on: the app's resources and who is asking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from router.auth import agents
from router.auth.access import QueueSkills, Reader
from router.auth.sessions import Sessions, csrf_matches
from router.keys import Keys
from router.metrics import Metrics
from router.settings import Settings

SESSION_COOKIE = "sb_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Resources:
    """Opened by the app's lifespan, closed with it."""

    settings: Settings
    engine: AsyncEngine
    redis: Redis
    keys: Keys
    metrics: Metrics
    sessions: Sessions
    queue_skills: QueueSkills


@dataclass(frozen=True, slots=True)
class Principal:
    id: str
    name: str
    role: str
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def author_id(self) -> str:
        return self.id


def resources(request: Request) -> Resources:
    found: Resources = request.app.state.resources
    return found


ResourcesDep = Annotated[Resources, Depends(resources)]


def _unauthenticated() -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first")


async def current_principal(request: Request, res: ResourcesDep) -> Principal:
    """The signed-in agent of the session cookie, re-read from SQL on every request (a
    deactivated agent or a changed role takes effect at once); 401 without a live session.
    A state-changing request must also carry the session's CSRF token in ``X-CSRF-Token``:
    a cross-site form or script cannot read it, so it cannot forge the request."""
    token = request.cookies.get(SESSION_COOKIE, "")
    session = await res.sessions.get(token)
    if session is None:
        raise _unauthenticated()
    account = await agents.by_id(res.engine, session.agent_id)
    if account is None or not account.active:
        await res.sessions.delete(token)
        raise _unauthenticated()
    if request.method not in SAFE_METHODS and not csrf_matches(
        session, request.headers.get(CSRF_HEADER)
    ):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "missing or wrong CSRF token")
    return Principal(account.id, account.name, account.role, account.skills, account.languages)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def require_admin(principal: PrincipalDep) -> Principal:
    """Only admins past this point; routes that change routing depend on it."""
    if principal.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "admins only")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]


ROLES = ("agent", "supervisor", "admin")  # each role may do everything the ones before it may


def require_role(minimum: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through ``minimum`` and every role above it."""
    rank = ROLES.index(minimum)

    async def check(principal: PrincipalDep) -> Principal:
        if principal.role not in ROLES or ROLES.index(principal.role) < rank:
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"{minimum}s and above only")
        return principal

    return check


AgentDep = Annotated[Principal, Depends(require_role("agent"))]
SupervisorDep = Annotated[Principal, Depends(require_role("supervisor"))]


async def current_reader(principal: AgentDep, res: ResourcesDep) -> Reader:
    """What the caller may read: every conversation for staff, else their queues' and their own."""
    return await res.queue_skills.reader(principal.id, principal.role, principal.skills)


ReaderDep = Annotated[Reader, Depends(current_reader)]
