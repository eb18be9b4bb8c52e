"""What a request handler may depend on: the app's resources and who is asking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from router.keys import Keys
from router.metrics import Metrics
from router.settings import Settings


@dataclass(frozen=True, slots=True)
class Resources:
    """Opened by the app's lifespan, closed with it."""

    settings: Settings
    engine: AsyncEngine
    redis: Redis
    keys: Keys
    metrics: Metrics


@dataclass(frozen=True, slots=True)
class Principal:
    id: str
    name: str
    role: str

    @property
    def author_id(self) -> str:
        return self.id


ANONYMOUS_ADMIN = Principal(id="", name="anonymous", role="admin")


def resources(request: Request) -> Resources:
    found: Resources = request.app.state.resources
    return found


async def current_principal(request: Request) -> Principal:
    """Who is calling. The seam for authentication: until it lands, everyone is an
    anonymous admin; replace this dependency and every route is covered."""
    return ANONYMOUS_ADMIN


ResourcesDep = Annotated[Resources, Depends(resources)]
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
